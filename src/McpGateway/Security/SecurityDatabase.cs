using McpGateway.Storage.Sqlite;

namespace McpGateway.Security;

/// <summary>
/// The SQLite file that holds users, keys and audit: the gateway's embedded store when it uses one; otherwise (the
/// <c>tables</c> registry store, until Azure Table implementations of <see cref="IPrincipalStore"/> and
/// <see cref="IAuditLog"/> exist) a file of its own — in the temp folder in the Functions mode, where the app folder is read-only.
/// </summary>
public sealed record SecurityDatabase(SqliteDatabase Database);
