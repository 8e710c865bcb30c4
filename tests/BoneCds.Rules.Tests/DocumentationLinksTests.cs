using System.Text.RegularExpressions;

namespace BoneCds.Rules.Tests;

/// <summary>Every relative link in the README and docs/ resolves in a clone (no link to a file outside the repository).</summary>
public class DocumentationLinksTests
{
    private static string Root => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order())
            data.Add(Path.GetRelativePath(Root, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_resolves_to_a_file_in_the_repository(string document)
    {
        var path = Path.Combine(Root, document);
        var broken = new List<string>();
        foreach (Match link in Regex.Matches(File.ReadAllText(path), @"\]\(([^)\s]+)\)"))
        {
            var target = link.Groups[1].Value;
            if (target.StartsWith("http://", StringComparison.Ordinal) || target.StartsWith("https://", StringComparison.Ordinal)
                || target.StartsWith('#') || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            var file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target.Split('#')[0]));
            if (!file.StartsWith(Root, StringComparison.Ordinal) || !(File.Exists(file) || Directory.Exists(file))) broken.Add(target);
        }
        Assert.True(broken.Count == 0, $"{document}: links that do not resolve in a clone: {string.Join(", ", broken)}");
    }

    [Fact]
    public void The_readme_stays_short_and_keeps_the_two_setup_commands_first()
    {
        var readme = File.ReadAllLines(Path.Combine(Root, "README.md"));
        Assert.True(readme.Length <= 200, $"README.md has {readme.Length} lines");
        var text = string.Join("\n", readme);
        Assert.True(text.IndexOf("dotnet run --project src/BoneCds.Api", StringComparison.Ordinal)
            < text.IndexOf("## Endpoints", StringComparison.Ordinal));
        Assert.Contains("dotnet test BoneCds.sln", text);
    }
}
