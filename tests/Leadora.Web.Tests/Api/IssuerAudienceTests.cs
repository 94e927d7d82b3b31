using System.Net;
using System.Net.Http.Headers;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Api;

public sealed class IssuerAudienceWebFactory : WebFactory
{
    public const string Issuer = "https://project.supabase.co/auth/v1";

    public const string Audience = "authenticated";

    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["SUPABASE_JWT_SECRET"] = settings["Leadora:Web:Auth:JwtSecret"];
        settings.Remove("Leadora:Web:Auth:JwtSecret");
        settings["LEADORA_JWT_ISSUER"] = Issuer;
        settings["LEADORA_JWT_AUDIENCE"] = Audience;
        return settings;
    }
}

/// <summary>With an issuer and audience configured (as for Supabase), both are required; the secret comes from SUPABASE_JWT_SECRET.</summary>
public sealed class IssuerAudienceTests(IssuerAudienceWebFactory factory) : IClassFixture<IssuerAudienceWebFactory>
{
    [Theory]
    [InlineData(IssuerAudienceWebFactory.Issuer, IssuerAudienceWebFactory.Audience, HttpStatusCode.OK)]
    [InlineData(IssuerAudienceWebFactory.Issuer, "anon", HttpStatusCode.Unauthorized)]
    [InlineData("https://other.supabase.co/auth/v1", IssuerAudienceWebFactory.Audience, HttpStatusCode.Unauthorized)]
    [InlineData(null, null, HttpStatusCode.Unauthorized)]
    public async Task Issuer_and_audience_are_checked_when_configured(string? issuer, string? audience, HttpStatusCode expected)
    {
        using var client = factory.ClientFor(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WebFactory.TokenFor("supabase-user", issuer: issuer, audience: audience));
        using var response = await client.GetAsync("/api/searches");
        Assert.Equal(expected, response.StatusCode);
    }
}
