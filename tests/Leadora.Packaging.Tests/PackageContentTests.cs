using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Leadora.Packaging.Tests;

/// <summary>Each package has its README, XML docs, metadata and SourceLink data, with a symbols package beside it.</summary>
[Collection(PackagingCollection.Name)]
public sealed partial class PackageContentTests(PackedPackages packages)
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static TheoryData<string> Ids => [.. PackedPackages.PackageIds];

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_package_has_readme_docs_metadata_and_a_repository_commit(string id)
    {
        using var package = ZipFile.OpenRead(packages.PackagePath(id));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", entries);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);
        using (var readme = new StreamReader(package.GetEntry("README.md")!.Open()))
        {
            Assert.StartsWith("# " + id, readme.ReadToEnd(), StringComparison.Ordinal);
        }

        var nuspec = Nuspec(package, id);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal(packages.Version, metadata.Element(ns + "version")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
        Assert.Contains("lead-generation", metadata.Element(ns + "tags")!.Value, StringComparison.Ordinal);
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        var repository = metadata.Element(ns + "repository")!;
        Assert.Equal("git", repository.Attribute("type")!.Value);
        Assert.Equal("https://github.com/leadora/leadora", repository.Attribute("url")!.Value);
        Assert.Matches(Commit(), repository.Attribute("commit")!.Value);

        // The emulator stays out of the production packages' dependencies.
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
        if (id != "Leadora.Sandbox")
        {
            Assert.DoesNotContain("Leadora.Sandbox", dependencies);
        }
        else
        {
            Assert.Contains("Leadora.Core", dependencies);
            Assert.Contains("Leadora.Providers", dependencies);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_symbols_package_beside_it_maps_sources_to_the_commit_with_sourcelink(string id)
    {
        using var package = ZipFile.OpenRead(packages.PackagePath(id));
        var commit = Nuspec(package, id).Descendants().Single(e => e.Name.LocalName == "repository").Attribute("commit")!.Value;

        var symbolsPath = packages.PackagePath(id, "snupkg");
        Assert.True(File.Exists(symbolsPath), $"{symbolsPath} is missing");
        using var symbols = ZipFile.OpenRead(symbolsPath);
        var pdbEntry = symbols.GetEntry($"lib/net10.0/{id}.pdb");
        Assert.NotNull(pdbEntry);
        using var pdbStream = new MemoryStream();
        using (var stream = pdbEntry.Open())
        {
            stream.CopyTo(pdbStream);
        }

        pdbStream.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
            .Select(info => Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .SingleOrDefault();
        Assert.NotNull(sourceLink);
        // The PDB maps to the commit the nuspec names; they differ only when a commit was made between build and pack.
        Assert.True(sourceLink.Contains($"https://raw.githubusercontent.com/leadora/leadora/{commit}/", StringComparison.Ordinal),
            $"The PDB's SourceLink does not map to the nuspec's commit {commit} (rebuild after committing): {sourceLink}");
    }

    private static XDocument Nuspec(ZipArchive package, string id)
    {
        using var stream = package.GetEntry(id + ".nuspec")!.Open();
        return XDocument.Load(stream);
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex Commit();
}
