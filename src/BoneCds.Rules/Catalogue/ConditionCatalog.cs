namespace BoneCds.Rules.Catalogue;

public enum FractureSite { Hip, Vertebral, Other }

/// <summary>
/// What a Condition code means to the rules: a fragility fracture (and where), an osteoporosis diagnosis, or both; or a history
/// of kidney stones (v3: prefer dietary calcium).
/// </summary>
public sealed record ConditionMeaning(FractureSite? Fracture, bool Osteoporosis, bool KidneyStone = false, bool EndStageKidney = false,
    bool AcuteKidneyInjury = false)
{
    /// <summary>Osteopenia (low bone mass) on record (v3.1, value set 2.16.840.1.113883.3.464.1003.113.12.1049).</summary>
    public bool Osteopenia { get; init; }

    /// <summary>
    /// Wrist, proximal humerus, pelvis and rib fractures (v3.1): fracture history only at 50+, where they are likely fragility
    /// fractures ("confirm low trauma"); never the BHOF hip/vertebral criterion on their own.
    /// </summary>
    public bool LikelyFragilityAt50 { get; init; }

    /// <summary>v4: what a drafted romosozumab or PTH analogue is checked against.</summary>
    public OrderCheckCondition OrderCheck { get; init; }
}

/// <summary>v4 order-check conditions: a myocardial infarction or stroke (romosozumab), Paget's disease or bone metastases (PTH
/// analogues).</summary>
public enum OrderCheckCondition { None, MyocardialInfarctionOrStroke, PagetDisease, BoneMetastases }

/// <summary>
/// Conditions the rules read (clinical-rules.md v2): fragility fractures by ICD-10 (M80.x, S72.0-S72.2, S22.0, S32.0, M48.5) or
/// SNOMED CT (359817006, 15724005, 443165006), and an osteoporosis diagnosis (ICD-10 M80, M81; SNOMED CT 64859006).
/// Only hip and vertebral fractures meet the BHOF high-risk criterion; M80.x is placed by its site character (5 femur,
/// 8 vertebra), which the spec does not say: the ICD-10 site codes do.
/// </summary>
public static class ConditionCatalog
{
    public const string SnomedSystem = "http://snomed.info/sct";
    public static readonly string[] Icd10Systems = ["http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10"];

    /// <summary>ICD-10 prefixes (dots removed) and what they mean; M80 is refined by its site character below.</summary>
    public static readonly IReadOnlyList<(string Prefix, ConditionMeaning Meaning)> Icd10 =
    [
        ("M80", new(FractureSite.Other, Osteoporosis: true)),
        ("M81", new(null, Osteoporosis: true)),
        ("S720", new(FractureSite.Hip, false)), ("S721", new(FractureSite.Hip, false)), ("S722", new(FractureSite.Hip, false)),
        ("S220", new(FractureSite.Vertebral, false)), ("S320", new(FractureSite.Vertebral, false)),
            ("M485", new(FractureSite.Vertebral, false)),
        ("N20", new(null, false, KidneyStone: true)), // N20.0-N20.9 calculus of kidney and ureter (v3)
        // v3.1: distal radius, proximal humerus, pelvis (S32.1-S32.8) and ribs, as fracture history at 50+.
        .. new[] { "S525", "S422", "S321", "S322", "S323", "S324", "S325", "S326", "S327", "S328", "S223", "S224" }
            .Select(p => (p, new ConditionMeaning(FractureSite.Other, false) { LikelyFragilityAt50 = true })),
        ("N186", new(null, false, EndStageKidney: true)), ("Z992", new(null, false, EndStageKidney: true)), // ESKD, dialysis (v3)
        ("N17", new(null, false, AcuteKidneyInjury: true)),
        // v4: I21/I22 are the ICD-10-CM codes of the MyocardialInfarction value set (2.16.840.1.113762.1.4.1108.101); I61/I63 those of
        // the Stroke value set (2.16.840.1.113762.1.4.1248.176) that are a stroke itself (not I69 sequelae, not G45 TIA).
        .. new[] { "I21", "I22", "I61", "I63" }.Select(p => (p, Meaning(OrderCheckCondition.MyocardialInfarctionOrStroke))),
        ("M88", Meaning(OrderCheckCondition.PagetDisease)), ("C795", Meaning(OrderCheckCondition.BoneMetastases)),
    ];

    private static ConditionMeaning Meaning(OrderCheckCondition check) => new(null, false) { OrderCheck = check };

    public static readonly IReadOnlyList<(string Code, string Display, ConditionMeaning Meaning)> Snomed =
    [
        ("359817006", "Closed fracture of hip", new(FractureSite.Hip, false)),
        ("15724005", "Fracture of vertebral column without spinal cord injury", new(FractureSite.Vertebral, false)),
        ("443165006", "Pathological fracture due to osteoporosis", new(FractureSite.Other, Osteoporosis: true)),
        ("64859006", "Osteoporosis", new(null, Osteoporosis: true)),
        ("95570007", "Kidney stone", new(null, false, KidneyStone: true)),
        ("46177005", "End-stage renal disease", new(null, false, EndStageKidney: true)),
        ("14669001", "Acute kidney injury", new(null, false, AcuteKidneyInjury: true)),
        ("22298006", "Myocardial infarction", Meaning(OrderCheckCondition.MyocardialInfarctionOrStroke)),
        ("230690007", "Cerebrovascular accident", Meaning(OrderCheckCondition.MyocardialInfarctionOrStroke)),
        ("2089002", "Osteitis deformans (Paget's disease of bone)", Meaning(OrderCheckCondition.PagetDisease)),
        ("94222008", "Secondary malignant neoplasm of bone", Meaning(OrderCheckCondition.BoneMetastases)),
    ];

    private static readonly (string Name, FractureSite Site)[] FractureNames =
    [
        ("hip fracture", FractureSite.Hip), ("fracture of hip", FractureSite.Hip), ("fracture of neck of femur", FractureSite.Hip),
        ("vertebral fracture", FractureSite.Vertebral), ("vertebral compression fracture", FractureSite.Vertebral),
        ("fracture of vertebral column", FractureSite.Vertebral), ("fragility fracture", FractureSite.Other),
        ("osteoporotic fracture", FractureSite.Other),
    ];

    /// <summary>What the codings (then the text) say, or null when none is known.</summary>
    public static ConditionMeaning? Meaning(IEnumerable<(string? System, string? Code)> codings, string text)
    {
        FractureSite? fracture = null;
        var osteoporosis = false;
        var kidneyStone = false;
        var endStage = false;
        var acute = false;
        var osteopenia = false;
        var onlyLikely = true;
        var check = OrderCheckCondition.None;
        foreach (var (system, code) in codings)
        {
            if (code is null) continue;
            ConditionMeaning? meaning = null;
            if (Icd10Systems.Contains(system))
            {
                var compact = code.Replace(".", "", StringComparison.Ordinal).ToUpperInvariant();
                meaning = Icd10.Where(r => compact.StartsWith(r.Prefix, StringComparison.Ordinal)).Select(r => r.Meaning).FirstOrDefault();
                if (meaning is not null && compact.StartsWith("M80", StringComparison.Ordinal) && compact.Length >= 5)
                    meaning = meaning with { Fracture =
                        compact[4] switch { '5' => FractureSite.Hip, '8' => FractureSite.Vertebral, _ => FractureSite.Other } };
            }
            else if (system == SnomedSystem)
                meaning = Snomed.Where(r => r.Code == code).Select(r => r.Meaning).FirstOrDefault();
            meaning = FromValueSets(system, code, meaning);
            if (meaning is null) continue;
            if (meaning.Fracture is not null && !meaning.LikelyFragilityAt50) onlyLikely = false;
            fracture = Stronger(fracture, meaning.Fracture);
            osteoporosis |= meaning.Osteoporosis;
            kidneyStone |= meaning.KidneyStone;
            endStage |= meaning.EndStageKidney;
            acute |= meaning.AcuteKidneyInjury;
            osteopenia |= meaning.Osteopenia;
            if (meaning.OrderCheck != OrderCheckCondition.None) check = meaning.OrderCheck;
        }
        foreach (var (name, site) in FractureNames)
            if (text.Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                fracture = Stronger(fracture, site);
                onlyLikely = false;
            }
        return fracture is null && !osteoporosis && !kidneyStone && !endStage && !acute && !osteopenia && check == OrderCheckCondition.None
            ? null
            : new ConditionMeaning(fracture, osteoporosis, kidneyStone, endStage, acute)
            {
                Osteopenia = osteopenia, LikelyFragilityAt50 = fracture is not null && onlyLikely && !osteoporosis, OrderCheck = check,
            };
    }

    /// <summary>
    /// v3.1: the published value sets, descendants included through their expansions (SNOMED 203444008 "osteoporosis after
    /// oophorectomy with pathological fracture", osteopenia 312894000, CKD stage 5), added to what the tables above say.
    /// </summary>
    private static ConditionMeaning? FromValueSets(string? system, string code, ConditionMeaning? meaning)
    {
        var osteoporosis = ValueSets.Osteoporosis.Contains(system, code)
            || ValueSets.OsteoporosisWithoutCurrentFracture.Contains(system, code);
        var withFracture = ValueSets.OsteoporosisWithCurrentFracture.Contains(system, code);
        var endStage = ValueSets.ChronicKidneyDiseaseStage5.Contains(system, code) || ValueSets.EndStageRenalDisease.Contains(system, code);
        var osteopenia = ValueSets.Osteopenia.Contains(system, code);
        // v4: every code of the MyocardialInfarction value set is an MI (its 67 SNOMED CT descendants included).
        var infarction = ValueSets.MyocardialInfarction.Contains(system, code);
        if (!osteoporosis && !withFracture && !endStage && !osteopenia && !infarction) return meaning;
        var found = meaning ?? new ConditionMeaning(null, false);
        return found with
        {
            Osteoporosis = found.Osteoporosis || osteoporosis || withFracture,
            Fracture = found.Fracture ?? (withFracture ? FractureSite.Other : null),
            EndStageKidney = found.EndStageKidney || endStage,
            Osteopenia = found.Osteopenia || osteopenia,
            OrderCheck = infarction ? OrderCheckCondition.MyocardialInfarctionOrStroke : found.OrderCheck,
        };
    }

    /// <summary>Hip and vertebral fractures count for risk; "other" only when nothing more specific is known.</summary>
    private static FractureSite? Stronger(FractureSite? current, FractureSite? next) =>
        current is null or FractureSite.Other ? next ?? current : current;
}
