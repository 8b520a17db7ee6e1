using System.Globalization;

namespace LatentDash.LoadBench;

/// <summary>The machine's 1-minute load average (/proc/loadavg) and a process's CPU time (/proc/&lt;pid&gt;/stat): other
/// engineers build on the same 2 cores, and a figure means little without what else ran.</summary>
internal static class MachineLoad
{
    /// <summary>The 1-minute load average; NaN where /proc is absent.</summary>
    public static double Average()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>User + system CPU time the process has used, in seconds; NaN once it is gone.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            // Fields after the command (which may hold spaces) start after its closing parenthesis: utime, stime are the
            // 14th and 15th fields of the line, the 12th and 13th after ") ".
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
