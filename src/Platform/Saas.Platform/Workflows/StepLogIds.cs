using UUIDNext;
namespace Saas.Platform.Workflows;

/// <summary>
/// Ids of step-log rows, which a run's log is read in the order of. A version-7 GUID orders by its millisecond only, and
/// a job now logs several steps within one millisecond (or at one instant of a test's clock), so each id here is also
/// greater than the one before it in this process.
/// </summary>
internal static class StepLogIds
{
    private static readonly Lock Gate = new();
    private static Guid last;

    public static Guid Next()
    {
        var id = Uuid.NewSequential();
        lock (Gate)
        {
            if (id.CompareTo(last) <= 0)
            {
                var bytes = last.ToByteArray(bigEndian: true);
                for (var i = bytes.Length - 1; i >= 0; i--)
                {
                    if (++bytes[i] != 0)
                    {
                        break;
                    }
                }

                id = new Guid(bytes, bigEndian: true);
            }

            last = id;
            return id;
        }
    }
}
