using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace BoneCds.Rules.Tests;

/// <summary>Only FHIR that does not fit the model becomes a rejected input; a bug in a reader is never reported as bad FHIR.</summary>
public class FhirReadGuardTests
{
    public static TheoryData<Exception, bool> Exceptions => new()
    {
        { new CodedException("JSON109", "not a valid code"), true },
        { new FormatException("bad date"), true },
        { new OverflowException(), true },
        { new InvalidOperationException("a reader bug"), false },
        { new ArgumentException("a reader bug"), false },
        { new NullReferenceException(), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void A_misfit_is_a_rejected_input_and_anything_else_propagates(Exception thrown, bool rejectedInput)
    {
        var rejected = new List<RejectedInput>();
        var observation = new Observation { Id = "o1" };
        void Read() => FhirReadGuard.Run(observation, rejected, () => throw thrown);
        if (rejectedInput)
        {
            Read();
            Assert.Equal("Observation/o1", Assert.Single(rejected).Source);
        }
        else
        {
            Assert.Same(thrown, Assert.ThrowsAny<Exception>(Read));
            Assert.Empty(rejected);
        }
    }
}
