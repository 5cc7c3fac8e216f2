using McpGateway.Security;

namespace McpGateway.Tests.Security;

/// <summary>The behaviour every <see cref="IPrincipalStore"/> implementation must have. One derived class per store.</summary>
public abstract class PrincipalStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    protected IPrincipalStore Store { get; private set; } = null!;

    protected abstract Task<IPrincipalStore> CreateStoreAsync();

    /// <summary>A second handle on the same data (another process sharing the store).</summary>
    protected abstract Task<IPrincipalStore> OpenSameStoreAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.InitializeAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static ApiKeyRecord Key(string id, string owner = "ann") => new()
    {
        Id = id, Owner = owner, OwnerId = "user:" + owner, Role = "user", Hash = new string('a', 64), CreatedAt = T0,
    };

    [Fact]
    public async Task Users_round_trip_and_names_are_unique()
    {
        var user = new GatewayUser("ann", "admin", "AQAAAAIAAYagAAAAE...", T0);
        await Store.AddUserAsync(user);
        Assert.Equal(user, await Store.FindUserAsync("ann"));
        Assert.Null(await Store.FindUserAsync("bob"));
        await Assert.ThrowsAsync<PrincipalConflictException>(() => Store.AddUserAsync(user with { Role = "user" }));
        await Store.AddUserAsync(new GatewayUser("bob", "user", "h", T0));
        Assert.Equal(["ann", "bob"], (await Store.ListUsersAsync()).Select(u => u.Username));
        Assert.True(await Store.RemoveUserAsync("ann"));
        Assert.False(await Store.RemoveUserAsync("ann"));
        Assert.Equal("bob", Assert.Single(await Store.ListUsersAsync()).Username);
    }

    [Fact]
    public async Task Keys_round_trip_with_every_field()
    {
        var key = Key("abcdefghijkl") with
        {
            Name = "ci", OwnerId = "first_start:admin", Role = "admin", Templates = ["fs", "web"], Tools = ["fs/read"], ExpiresAt = T0.AddDays(30), RateLimit = 7,
        };
        await Store.AddKeyAsync(key);
        var loaded = await Store.FindKeyAsync("abcdefghijkl");
        Assert.NotNull(loaded);
        Assert.Equal(key.Name, loaded.Name);
        Assert.Equal(key.Owner, loaded.Owner);
        Assert.Equal("first_start:admin", loaded.OwnerId);
        Assert.Equal(key.Role, loaded.Role);
        Assert.Equal(key.Hash, loaded.Hash);
        Assert.Equal(key.Templates, loaded.Templates);
        Assert.Equal(key.Tools, loaded.Tools);
        Assert.Equal(key.ExpiresAt, loaded.ExpiresAt);
        Assert.Equal(key.CreatedAt, loaded.CreatedAt);
        Assert.Null(loaded.RevokedAt);
        Assert.Equal(7, loaded.RateLimit);
        Assert.Null(await Store.FindKeyAsync("nope"));
        await Assert.ThrowsAsync<PrincipalConflictException>(() => Store.AddKeyAsync(key));

        await Store.AddKeyAsync(Key("bbbbbbbbbbbb"));
        var plain = await Store.FindKeyAsync("bbbbbbbbbbbb");
        Assert.Null(plain!.Templates);
        Assert.Null(plain.Tools);
        Assert.Null(plain.ExpiresAt);
        Assert.Null(plain.RateLimit);
    }

    [Fact]
    public async Task Keys_list_all_or_by_owner_principal()
    {
        await Store.AddKeyAsync(Key("k1k1k1k1k1k1", "ann"));
        await Store.AddKeyAsync(Key("k2k2k2k2k2k2", "bob"));
        await Store.AddKeyAsync(Key("k3k3k3k3k3k3", "ann"));
        // Same display name, another principal: not ann's.
        await Store.AddKeyAsync(Key("k4k4k4k4k4k4", "ann") with { OwnerId = "static_key:ann" });
        Assert.Equal(4, (await Store.ListKeysAsync()).Count);
        Assert.Equal(["k1k1k1k1k1k1", "k3k3k3k3k3k3"], (await Store.ListKeysAsync("user:ann")).Select(k => k.Id).Order());
        Assert.Equal(["k1k1k1k1k1k1", "k3k3k3k3k3k3"], (await Store.ListKeysAsync("USER:Ann")).Select(k => k.Id).Order());
        Assert.Equal("k4k4k4k4k4k4", Assert.Single(await Store.ListKeysAsync("static_key:ann")).Id);
        Assert.Empty(await Store.ListKeysAsync("ann"));
        Assert.Empty(await Store.ListKeysAsync("user:carl"));
    }

    /// <summary>Stores a key row as the store wrote it before owner ids: <paramref name="owner"/> and no owner id.</summary>
    protected abstract Task AddKeyWithoutOwnerIdAsync(string id, string owner);

    [Fact]
    public async Task A_key_stored_before_owner_ids_is_read_and_listed_as_its_owner_user()
    {
        await AddKeyWithoutOwnerIdAsync("oldoldoldold", "Ann");
        await Store.AddKeyAsync(Key("newnewnewnew", "ann"));
        var old = await Store.FindKeyAsync("oldoldoldold");
        Assert.NotNull(old);
        Assert.Equal("Ann", old.Owner);
        Assert.Equal("user:Ann", old.OwnerId);
        Assert.Equal(["newnewnewnew", "oldoldoldold"], (await Store.ListKeysAsync("user:ann")).Select(k => k.Id).Order());
        Assert.Empty(await Store.ListKeysAsync("static_key:ann"));
        Assert.True(await Store.RevokeKeyAsync("oldoldoldold", T0));
        Assert.Equal(T0, (await Store.FindKeyAsync("oldoldoldold"))!.RevokedAt);
    }

    [Fact]
    public async Task Revocation_is_once_and_seen_by_another_handle()
    {
        var other = await OpenSameStoreAsync();
        await Store.AddKeyAsync(Key("rrrrrrrrrrrr"));
        Assert.True(await other.RevokeKeyAsync("rrrrrrrrrrrr", T0.AddHours(1)));
        Assert.False(await Store.RevokeKeyAsync("rrrrrrrrrrrr", T0.AddHours(2)));
        Assert.False(await Store.RevokeKeyAsync("missing12345", T0));
        Assert.Equal(T0.AddHours(1), (await Store.FindKeyAsync("rrrrrrrrrrrr"))!.RevokedAt);
    }

    [Fact]
    public async Task Hostile_values_are_data_not_query()
    {
        const string hostile = "x' or 1=1 --";
        await Store.AddUserAsync(new GatewayUser("ann", "user", "h", T0));
        await Store.AddKeyAsync(Key("hhhhhhhhhhhh"));
        Assert.Null(await Store.FindUserAsync(hostile));
        Assert.False(await Store.RemoveUserAsync(hostile));
        Assert.Null(await Store.FindKeyAsync(hostile));
        Assert.False(await Store.RevokeKeyAsync(hostile, T0));
        Assert.Empty(await Store.ListKeysAsync(hostile));
        Assert.Single(await Store.ListUsersAsync());
        Assert.Null((await Store.FindKeyAsync("hhhhhhhhhhhh"))!.RevokedAt);
    }
}
