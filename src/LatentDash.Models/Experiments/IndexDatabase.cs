using LiteDB;

namespace LatentDash.Models.Experiments;

/// <summary>Opens the LiteDB file for the one process that owns it. Ownership is an exclusive lock on a file beside
/// the database; a second process (a CLI sweep while the dashboard runs) gets an in-memory index built from the
/// folders instead, so two direct-mode openers never share the file.</summary>
public static class IndexDatabase
{
    public static ILiteDatabase Open(string path, out bool owner)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        FileStream? ownership = null;
        try
        {
            ownership = new FileStream(full + ".owner", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            owner = false;
            return new LiteDatabase(new MemoryStream());
        }

        owner = true;
        return new OwnedDatabase(new ConnectionString { Filename = full, Connection = ConnectionType.Direct }, ownership);
    }

    /// <summary>A database that holds its ownership lock until disposed.</summary>
    private sealed class OwnedDatabase(ConnectionString connection, FileStream ownership) : LiteDatabase(connection)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                ownership.Dispose();
            }
        }
    }
}
