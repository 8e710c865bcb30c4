namespace BoneCds.Api.Hosting;

/// <summary>
/// A secret that is still the example text ("CHANGE-ME-…", "&lt;from a Secret&gt;"): refused at start in every environment
/// (security review 2026-12-01, L6: the shipped placeholders passed validation and opened the API in Production).
/// </summary>
public static class PlaceholderSecret
{
    private static readonly string[] Markers = ["change-me", "changeme", "change_me", "replace-me", "placeholder", "<", ">"];

    public static bool Is(string? value) =>
        value is not null && Markers.Any(m => value.Contains(m, StringComparison.OrdinalIgnoreCase));
}
