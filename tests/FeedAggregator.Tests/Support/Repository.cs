namespace FeedAggregator.Tests.Support;

/// <summary>Paths in the checkout under test: shipped config, samples and fixtures.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name);

    public static byte[] FixtureBytes(string name) => File.ReadAllBytes(Fixture(name));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FeedAggregator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("FeedAggregator.sln not found above the test folder");
    }
}
