using Leadora.Sandbox.World;

namespace Leadora.Sandbox.Tests;

/// <summary><see cref="SandboxOptions.ProfileTitleLength"/>: profile titles cut as search engines show them.</summary>
public sealed class ProfileTitleTests
{
    private static readonly PeopleQuery Query = new("Najd Petrochemical Services Company", ["Senior Procurement Manager", "Director of Operations"]);

    [Fact]
    public void Long_titles_are_cut_at_a_word_with_an_ellipsis_and_the_rest_of_the_result_is_unchanged()
    {
        var whole = People.Search(42, Query, "SA");
        var cut = People.Search(42, Query, "SA", titleLength: 60);

        Assert.Equal(whole.Select(r => (r.Link, r.Snippet)), cut.Select(r => (r.Link, r.Snippet)));
        Assert.Contains(cut, r => r.Title.EndsWith(" ...", StringComparison.Ordinal));
        Assert.All(cut.Zip(whole), pair =>
        {
            var (shown, full) = pair;
            Assert.True(shown.Title.Length <= 60, shown.Title);
            Assert.Equal(full.Title.Length <= 60 ? full.Title : full.Title[..(shown.Title.Length - 4)] + " ...", shown.Title);
        });
    }

    [Fact]
    public void Titles_stay_whole_by_default_and_the_option_is_validated()
    {
        Assert.Equal(0, new SandboxOptions().ProfileTitleLength);
        Assert.All(People.Search(42, Query, "SA"), r => Assert.DoesNotContain(" ...", r.Title, StringComparison.Ordinal));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SandboxOptions { ProfileTitleLength = 10 }.Validate());
    }
}
