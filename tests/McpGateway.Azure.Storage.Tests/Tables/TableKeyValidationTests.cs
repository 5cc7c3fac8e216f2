using McpGateway.Azure.Storage.Auth;
using McpGateway.Azure.Storage.Tables;

namespace McpGateway.Azure.Storage.Tests.Tables;

/// <summary>Key checks happen before any request: the client points at a closed port and has no retries.</summary>
public sealed class TableKeyValidationTests
{
    private static readonly TableClient s_offline = new(
        new Uri("http://127.0.0.1:1/devstoreaccount1"),
        "offline",
        new StorageSharedKeyCredential(StorageConnectionString.DevelopmentAccountName, StorageConnectionString.DevelopmentAccountKey),
        new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(1) } });

    public static TheoryData<string> BadKeys => new()
    {
        "a/b", "a\\b", "a#b", "a?b", "tab\there", "new\nline", "nul\0", "del\u007f", "c1\u0085", new string('k', 513),
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task Bad_keys_are_rejected_before_any_request(string key)
    {
        var pk = await Assert.ThrowsAnyAsync<ArgumentException>(() => s_offline.AddEntityAsync(new TableEntity(key, "r")));
        Assert.Equal("PartitionKey", pk.ParamName);
        var rk = await Assert.ThrowsAnyAsync<ArgumentException>(() => s_offline.UpsertEntityAsync(new TableEntity("p", key)));
        Assert.Equal("RowKey", rk.ParamName);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => s_offline.GetEntityAsync(key, "r"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => s_offline.DeleteEntityAsync("p", key));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => s_offline.SubmitTransactionAsync([new(TableTransactionActionType.Add, new TableEntity(key, "r"))]));
    }

    [Fact]
    public void Limits_are_inclusive_and_messages_say_why()
    {
        TableKeys.Validate(new string('k', 512), "PartitionKey");
        TableKeys.Validate(string.Empty, "RowKey");
        TableKeys.Validate("ünïcode 'quotes' and spaces", "RowKey");
        var ex = Assert.Throws<ArgumentException>(() => TableKeys.Validate("a/b", "RowKey"));
        Assert.Contains("'/'", ex.Message);
        Assert.Throws<ArgumentNullException>(() => TableKeys.Validate(null, "RowKey"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("has-dash")]
    [InlineData("tables")]
    public void Bad_table_names_are_rejected(string name) =>
        Assert.Throws<ArgumentException>(() => StorageAccount.FromConnectionString("UseDevelopmentStorage=true").GetTableClient(name));

    [Fact]
    public void Filter_literals_are_typed_and_quoted()
    {
        Assert.Equal("Name eq 'O''Brien'", ODataFilter.Equal("Name", "O'Brien"));
        Assert.Equal("N gt 5L", ODataFilter.GreaterThan("N", 5L));
        Assert.Equal("N le 5", ODataFilter.LessThanOrEqual("N", 5));
        Assert.Equal("D ge 2.0", ODataFilter.GreaterThanOrEqual("D", 2.0));
        Assert.Equal("B ne true", ODataFilter.NotEqual("B", true));
        Assert.Equal("T lt datetime'2024-01-02T03:04:05.0000000Z'", ODataFilter.LessThan("T", new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc)));
        Assert.Equal("G eq guid'00000000-0000-0000-0000-000000000001'", ODataFilter.Equal("G", new Guid("00000000-0000-0000-0000-000000000001")));
        Assert.Equal("X eq X'0AFF'", ODataFilter.Equal("X", new byte[] { 0x0A, 0xFF }));
        Assert.Equal("(A eq 1) and ((B eq 2) or (C eq 3))", ODataFilter.And(ODataFilter.Equal("A", 1), ODataFilter.Or(ODataFilter.Equal("B", 2), ODataFilter.Equal("C", 3))));
        Assert.Equal("not (A eq 1)", ODataFilter.Not(ODataFilter.Equal("A", 1)));
        Assert.Throws<ArgumentException>(() => ODataFilter.Equal("A or 1 eq 1", 1));
        Assert.Throws<NotSupportedException>(() => ODataFilter.Equal("A", new object()));
    }
}
