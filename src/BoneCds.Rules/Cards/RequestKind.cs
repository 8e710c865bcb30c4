namespace BoneCds.Rules.Cards;

/// <summary>What the cards answer: one of the three CDS hooks, or a call to the plain assessment API.</summary>
public enum RequestKind { PatientView, OrderSelect, OrderSign, AssessmentApi }

public static class RequestKindExtensions
{
    /// <summary>Order-time calls check draft orders and show only warnings and criticals from the chart review.</summary>
    public static bool IsOrderTime(this RequestKind kind) => kind is RequestKind.OrderSelect or RequestKind.OrderSign;
}
