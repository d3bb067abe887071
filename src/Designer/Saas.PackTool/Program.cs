namespace Saas.PackTool;

internal static class Program
{
    public static Task<int> Main(string[] args) => PackTool.RunAsync(args, Console.Out, Console.Error);
}
