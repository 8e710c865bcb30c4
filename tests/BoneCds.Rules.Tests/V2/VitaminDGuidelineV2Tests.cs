namespace BoneCds.Rules.Tests.V2;

/// <summary>clinical-rules.md v2 "Endocrine Society 2024": both guidelines cited, daily regimen, insufficiency dose only with an indication.</summary>
public class VitaminDGuidelineV2Tests
{
    [Theory]
    [InlineData("8", RuleIds.VitDSevere)]
    [InlineData("14", RuleIds.VitDDeficient)]
    [InlineData("25", RuleIds.VitDInsufficient)]
    [InlineData("45", RuleIds.VitDSufficient)]
    [InlineData("120", RuleIds.VitDHigh)]
    [InlineData("160", RuleIds.VitDToxic)]
    public void Vitamin_d_cards_cite_both_guidelines_with_their_dois(string value, string rule)
    {
        var card = PatientRecord.Woman(70).SpineT(-1.8m).VitaminD(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture))
            .Evaluate().CardWith(rule);
        Assert.Contains("10.1210/clinem/dgae290", card.Detail);  // Endocrine Society 2024
        Assert.Contains("10.1210/jc.2011-0385", card.Detail);    // Endocrine Society 2011
    }

    [Fact]
    public void Deficiency_recommends_the_daily_regimen_and_offers_weekly_as_the_alternative()
    {
        var card = PatientRecord.Woman(70).VitaminD(14).Evaluate().CardWith(RuleIds.VitDDeficient);
        Assert.Equal(Sources.EndocrineSociety2024.Url, card.Source.Url);
        Assert.Equal([true, false], card.Suggestions!.Select(s => s.IsRecommended == true));
        Assert.Contains("6,000 IU daily", card.Suggestions![0].Label);
        Assert.Contains("50,000 IU weekly", card.Suggestions[1].Label);
        Assert.Contains("above the 4,000 IU/day upper limit", card.Suggestions[0].Actions[0].Description);
    }

    public static TheoryData<string, bool> Indications() => new()
    {
        { "none", false },
        { "osteopenia", true },
        { "osteoporosis on record", true },
        { "fragility fracture", true },
        { "raised PTH", true },
        { "age 75", true },
        { "age 74", false },
    };

    [Theory]
    [MemberData(nameof(Indications))]
    public void An_insufficiency_dose_is_suggested_only_with_an_indication(string indication, bool dosed)
    {
        var record = PatientRecord.Woman(indication switch { "age 75" => 75, "age 74" => 74, _ => 60 }).VitaminD(25);
        _ = indication switch
        {
            "osteopenia" => record.SpineT(-1.8m),
            "osteoporosis on record" => record.Condition("http://snomed.info/sct", "64859006", "Osteoporosis"),
            "fragility fracture" => record.Fracture("M80.08XA", "Osteoporosis with current pathological vertebral fracture"),
            "raised PTH" => record.Pth(80).Calcium(9.4m),
            _ => record,
        };
        var card = record.Evaluate().CardWith(RuleIds.VitDInsufficient);
        Assert.Equal(Indicators.Info, card.Indicator);
        Assert.Equal(dosed, card.Suggestions is not null);
        if (!dosed) Assert.Contains("ES 2024", card.Detail);
    }

    [Theory]
    [InlineData(45, 2500)]
    [InlineData(51, 2000)]
    public void The_calcium_upper_limit_follows_age(int age, int limit)
    {
        var card = PatientRecord.Woman(age).Condition("http://snomed.info/sct", "64859006", "Osteoporosis").Evaluate().CardWith(RuleIds.SuppCalcium);
        Assert.Contains($"upper limit **{limit:N0} mg/day**", card.Detail);
    }
}
