namespace McpGateway.Storage.Sqlite;

/// <summary>
/// The data folder and database files hold users, password hashes, key hashes, registrations (with their <c>env</c>) and
/// audit: only the gateway's own user may read them. A folder this creates is <c>0700</c>; a database file is created
/// <c>0600</c> before SQLite opens it (SQLite gives its <c>-wal</c> and <c>-shm</c> files the database file's mode).
/// An existing folder keeps its mode (it may be shared, e.g. a mounted volume); existing database files are narrowed to <c>0600</c>.
/// Nothing is changed on Windows, where files inherit the folder's ACL.
/// </summary>
internal static class PrivateFiles
{
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (and missing parents) owner-only; an existing folder is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }
    }

    /// <summary>Creates the SQLite file <paramref name="databasePath"/> owner-only if missing, and narrows it and its WAL files if not.</summary>
    public static void PrepareDatabase(string databasePath)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            using var created = new FileStream(databasePath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnlyFile,
            });
        }
        catch (IOException) when (File.Exists(databasePath))
        {
            // It exists already (or another process just created it).
        }
        foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm", databasePath + "-journal" })
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~OwnerOnlyFile) != 0)
            {
                File.SetUnixFileMode(file, OwnerOnlyFile);
            }
        }
    }
}
