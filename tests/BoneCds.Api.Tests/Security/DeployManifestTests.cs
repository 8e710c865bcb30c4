using System.Text.RegularExpressions;

namespace BoneCds.Api.Tests.Security;

/// <summary>Security review 2026-12-01, L6: no secret values in git, and the Ingress publishes only the public paths.</summary>
public class DeployManifestTests
{
    private static string Manifests => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../deploy/kubernetes"));

    private static string All() => string.Join("\n---\n", Directory.GetFiles(Manifests, "*.yaml").Order().Select(File.ReadAllText));

    [Fact]
    public void No_manifest_holds_a_secret()
    {
        var all = All();
        Assert.DoesNotMatch(new Regex(@"^kind:\s*Secret", RegexOptions.Multiline), all);
        Assert.DoesNotContain("CHANGE-ME", all, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secretRef: { name: bonecds-secrets }", all); // the Deployment still reads the Secret created by kubectl
    }

    [Fact]
    public void The_ingress_routes_only_the_cds_services_and_the_api()
    {
        var ingress = File.ReadAllText(Path.Combine(Manifests, "30-service.yaml"));
        var paths = Regex.Matches(ingress, @"- path:\s*(\S+)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["/cds-services", "/api"], paths);
    }
}
