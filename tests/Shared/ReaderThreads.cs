using System.Runtime.InteropServices;

namespace Aggregator.Tests.Shared;

/// <summary>
/// Counts the live threads whose name starts with "Aggregator reader", the module's worker threads. Managed thread names
/// cannot be enumerated from managed code, but .NET gives each thread its name at the operating-system level too: on
/// Linux /proc/self/task/*/comm holds its first 15 bytes ("Aggregator read"); on Windows GetThreadDescription returns
/// it. Null on other systems, where only the product-level checks apply.
/// </summary>
public static class ReaderThreads
{
    private const string LinuxPrefix = "Aggregator read";
    private const string Prefix = "Aggregator reader";

    public static int? Count()
    {
        if (OperatingSystem.IsLinux())
        {
            int count = 0;
            foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(LinuxPrefix, StringComparison.Ordinal))
                    {
                        count++;
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // the thread ended while we looked
                }
            }

            return count;
        }

        if (OperatingSystem.IsWindows())
        {
            int count = 0;
            foreach (System.Diagnostics.ProcessThread thread in System.Diagnostics.Process.GetCurrentProcess().Threads)
            {
                if (WindowsThreadName(thread.Id)?.StartsWith(Prefix, StringComparison.Ordinal) == true)
                {
                    count++;
                }
            }

            return count;
        }

        return null;
    }

    private static string? WindowsThreadName(int threadId)
    {
        IntPtr handle = OpenThread(0x0800 /* THREAD_QUERY_LIMITED_INFORMATION */, false, (uint)threadId);
        if (handle == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            if (GetThreadDescription(handle, out IntPtr description) < 0 || description == IntPtr.Zero)
            {
                return null;
            }

            try
            {
                return Marshal.PtrToStringUni(description);
            }
            finally
            {
                LocalFree(description);
            }
        }
        finally
        {
            CloseHandle(handle);
        }
    }

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern IntPtr OpenThread(uint desiredAccess, bool inheritHandle, uint threadId);

    [DllImport("kernel32.dll")]
    private static extern int GetThreadDescription(IntPtr thread, out IntPtr description);

    [DllImport("kernel32.dll")]
    private static extern IntPtr LocalFree(IntPtr memory);

    [DllImport("kernel32.dll")]
    private static extern bool CloseHandle(IntPtr handle);
}
