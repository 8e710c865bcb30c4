using System.Text.Json;

namespace BoneCds.Rules.Fhir;

public static class Utf8JsonReaderExtensions
{
    /// <summary>Moves to the next property of the current object and onto its value; false at the object's end.</summary>
    public static bool NextProperty(ref this Utf8JsonReader reader, out string name)
    {
        name = "";
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndObject) return false;
        name = reader.GetString()!;
        reader.Read();
        return true;
    }
}
