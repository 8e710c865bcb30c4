namespace BoneCds.Rules.Tests;

/// <summary>
/// Card and suggestion uuids must not change between versions: feedback sent for a card issued before an upgrade is joined back
/// to its rule by them. The expected values were computed outside .NET (Python: SHA-256 of "hookInstance|key", RFC 4122 version
/// and variant bits, first 16 bytes).
/// </summary>
public class StableUuidTests
{
    [Theory]
    [InlineData("hook-1", "VITD-DEFICIENT", "b5b6ba90-6cfc-585d-89f0-57bc3f9dd941")]
    [InlineData("https://ehr.example|d1b7", "suggestion:vitd-daily", "e5f5cefe-3513-50c7-ad81-3dd94353f89d")]
    [InlineData("h\u00e9", "k", "3e29bd16-bb88-5723-ae98-1f20300036a3")]
    public void The_uuid_is_the_same_as_it_always_was(string hookInstance, string key, string expected) =>
        Assert.Equal(expected, StableUuid.For(hookInstance, key));

    [Fact]
    public void A_long_hook_instance_is_hashed_whole() =>
        Assert.NotEqual(StableUuid.For(new string('a', 600), "k"), StableUuid.For(new string('a', 599) + "b", "k"));
}
