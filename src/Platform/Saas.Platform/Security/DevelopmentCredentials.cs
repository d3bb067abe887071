namespace Saas.Platform.Security;

/// <summary>
/// Keys a newcomer needs (the generated Development operator key, the demo tenant's key) kept in the data folder, which
/// git ignores, so they survive restarts and can be printed at start-up. Used only in Development, or where
/// <c>Platform:SeedDemoTenant</c> asks for the demo tenant explicitly.
/// </summary>
internal sealed class DevelopmentCredentials(string dataDirectory)
{
    public string? Read(string name)
    {
        var path = PathOf(name);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    public void Write(string name, string secret)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = PathOf(name);
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public string PathOf(string name) => Path.Combine(dataDirectory, name);
}
