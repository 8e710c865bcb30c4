using System.Text.Json;
using System.Text.Json.Serialization;
using Hl7.Fhir.Serialization;

namespace BoneCds.Api.Hosting;

public static class JsonDefaults
{
    /// <summary>camelCase, nulls omitted, enums as strings, FHIR resources through Firely's converters. Built once.</summary>
    public static readonly JsonSerializerOptions Api = new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    }.ForFhir();
}
