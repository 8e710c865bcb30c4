using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BoneCds.Api.Examples;

/// <summary>
/// Worked example requests shipped in the assembly (Examples/*.json). Dates are written as ${date:-N} (N days ago)
/// and filled in at start-up, so the examples stay within the staleness windows and return real cards when tried.
/// </summary>
public static partial class ExampleRequests
{
    [GeneratedRegex(@"\$\{date:(-?\d+)\}")]
    private static partial Regex DateToken();

    public static string Load(string name, DateTimeOffset now)
    {
        var asm = Assembly.GetExecutingAssembly();
        using var stream = asm.GetManifestResourceStream($"BoneCds.Api.Examples.{name}.json")
            ?? throw new InvalidOperationException($"Example '{name}' is not embedded.");
        using var reader = new StreamReader(stream);
        return DateToken().Replace(reader.ReadToEnd(),
            m => now.AddDays(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd",
                CultureInfo.InvariantCulture));
    }

    public static JsonNode LoadNode(string name, DateTimeOffset now) => JsonNode.Parse(Load(name, now))!;
}
