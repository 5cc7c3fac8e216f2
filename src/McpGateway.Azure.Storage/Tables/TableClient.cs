using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using McpGateway.Azure.Storage.Auth;
using McpGateway.Azure.Storage.Core;

namespace McpGateway.Azure.Storage.Tables;

/// <summary>
/// A client for one table (Table REST API, JSON minimal metadata) on the Azure.Core pipeline.
/// Every failure is a <see cref="RequestFailedException"/> carrying the HTTP status and the service's error code
/// (<c>EntityAlreadyExists</c> 409, <c>UpdateConditionNotSatisfied</c> 412, <c>ResourceNotFound</c> 404, …); see
/// <see cref="StorageErrors"/> for helpers such as <see cref="StorageErrors.IsConditionFailed"/>.
/// Keys are validated (<see cref="TableKeys"/>) before any request is sent.
/// </summary>
public sealed class TableClient
{
    private static readonly ResponseClassifier s_create = StoragePipeline.Accepting(201, 204, 409);
    private static readonly ResponseClassifier s_deleteTable = StoragePipeline.Accepting(204, 404);
    private static readonly ResponseClassifier s_ok200 = StoragePipeline.Accepting(200);
    private static readonly ResponseClassifier s_read = StoragePipeline.Accepting(200, 404);
    private static readonly ResponseClassifier s_write = StoragePipeline.Accepting(201, 204);
    private static readonly ResponseClassifier s_deleteEntity = StoragePipeline.Accepting(204, 404);
    private static readonly ResponseClassifier s_batch = StoragePipeline.Accepting(202);
    private static readonly RequestMethod s_merge = new("MERGE");

    private readonly HttpPipeline _pipeline;
    private readonly Uri _serviceUri;
    private readonly string _version;

    public TableClient(Uri serviceUri, string tableName, StorageSharedKeyCredential credential, TableClientOptions? options = null)
        : this(serviceUri, tableName, options ?? new TableClientOptions(), o => new TableSharedKeyPolicy(credential ?? throw new ArgumentNullException(nameof(credential)), o.TimeProvider))
    {
    }

    public TableClient(Uri serviceUri, string tableName, TokenCredential credential, TableClientOptions? options = null)
        : this(serviceUri, tableName, options ?? new TableClientOptions(), _ => StoragePipeline.BearerPolicy(credential ?? throw new ArgumentNullException(nameof(credential))))
    {
    }

    private TableClient(Uri serviceUri, string tableName, TableClientOptions options, Func<TableClientOptions, HttpPipelinePolicy> auth)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        TableKeys.ValidateTableName(tableName);
        _serviceUri = serviceUri;
        Name = tableName;
        _version = options.VersionString;
        _pipeline = StoragePipeline.Build(options, auth(options));
    }

    public string Name { get; }

    /// <summary>The table service endpoint this client talks to.</summary>
    public Uri ServiceUri => _serviceUri;

    /// <summary>Creates the table; an existing table is not an error (the 409 response is returned).</summary>
    public async Task<Response> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Post, "Tables", s_create);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJson(message.Request, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        Response response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
        return StoragePipeline.EnsureExistsConflict(response, "TableAlreadyExists");
    }

    /// <summary>Deletes the table; a missing table is not an error.</summary>
    public async Task<Response> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Delete, $"Tables('{Name}')", s_deleteTable);
        return await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts a new entity. An existing entity fails with 409 <c>EntityAlreadyExists</c>. Returns the new ETag.</summary>
    public async Task<Response<ETag>> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        using HttpMessage message = CreateMessage(RequestMethod.Post, Name, s_write);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJson(message.Request, TableEntityJson.Serialize(entity));
        Response response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(ReadETag(response), response);
    }

    /// <summary>Insert-or-merge (<see cref="TableUpdateMode.Merge"/>) or insert-or-replace (<see cref="TableUpdateMode.Replace"/>).</summary>
    public Task<Response<ETag>> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
        WriteEntityAsync(entity, ifMatch: null, mode, cancellationToken);

    /// <summary>
    /// Updates an existing entity if its ETag still matches <paramref name="ifMatch"/> (<see cref="ETag.All"/> = unconditional).
    /// A mismatch fails with 412 <c>UpdateConditionNotSatisfied</c> (<see cref="StorageErrors.IsConditionFailed"/>); a missing
    /// entity fails with 404.
    /// </summary>
    public Task<Response<ETag>> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
        WriteEntityAsync(entity, ifMatch == default ? ETag.All : ifMatch, mode, cancellationToken);

    /// <summary>
    /// Deletes an entity if its ETag matches <paramref name="ifMatch"/> (default: unconditional, <c>*</c>). A mismatch fails with
    /// 412; a missing entity is not an error (the 404 response is returned), so deletes are idempotent.
    /// </summary>
    public async Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        using HttpMessage message = CreateMessage(RequestMethod.Delete, TablePaths.Entity(Name, partitionKey, rowKey), s_deleteEntity);
        message.Request.Headers.SetValue(HttpHeader.Names.IfMatch, ifMatch == default ? "*" : ifMatch.ToString());
        return await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Point read. A missing entity throws <see cref="RequestFailedException"/> with status 404; use
    /// <see cref="GetEntityIfExistsAsync"/> to get a "no value" result instead.</summary>
    public async Task<Response<TableEntity>> GetEntityAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> result = await ReadEntityAsync(partitionKey, rowKey, select, s_ok200, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(result.Value!, result.GetRawResponse());
    }

    /// <summary>Point read that reports a missing entity as <c>HasValue == false</c> instead of throwing.</summary>
    public Task<NullableResponse<TableEntity>> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default) =>
        ReadEntityAsync(partitionKey, rowKey, select, s_read, cancellationToken);

    /// <summary>
    /// Queries the table, following continuation tokens. Enumerate it for entities (<c>await foreach</c>) or call
    /// <c>AsPages()</c> for pages. Build <paramref name="filter"/> with <see cref="ODataFilter"/>.
    /// </summary>
    /// <param name="maxPerPage">Page size (<c>$top</c>); the service caps pages at 1,000.</param>
    public AsyncPageable<TableEntity> QueryAsync(string? filter = null, IEnumerable<string>? select = null, int? maxPerPage = null, CancellationToken cancellationToken = default)
    {
        string[]? columns = select?.ToArray();
        return new TableQueryPageable(
            (token, pageSize, ct) => GetEntitiesPageAsync(filter, columns, pageSize, token, ct),
            maxPerPage,
            cancellationToken);
    }

    /// <summary>Reads one page of a query. Pass the previous page's <see cref="Page{T}.ContinuationToken"/> to get the next.</summary>
    public async Task<Page<TableEntity>> GetEntitiesPageAsync(string? filter = null, IEnumerable<string>? select = null, int? maxPerPage = null, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        if (maxPerPage is <= 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, "Page size ($top) must be 1..1000.");
        }

        using HttpMessage message = CreateMessage(RequestMethod.Get, Name + "()", s_ok200);
        RequestUriBuilder uri = message.Request.Uri;
        if (!string.IsNullOrWhiteSpace(filter))
        {
            uri.AppendQuery("$filter", filter, escapeValue: true);
        }

        string? columns = SelectList(select);
        if (columns is not null)
        {
            uri.AppendQuery("$select", columns, escapeValue: true);
        }

        if (maxPerPage is int top)
        {
            uri.AppendQuery("$top", top.ToString(System.Globalization.CultureInfo.InvariantCulture), escapeValue: false);
        }

        TableContinuation.Apply(uri, continuationToken);
        Response response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);

        var entities = new List<TableEntity>();
        using (JsonDocument doc = JsonDocument.Parse(response.Content))
        {
            if (doc.RootElement.TryGetProperty("value", out JsonElement value))
            {
                foreach (JsonElement item in value.EnumerateArray())
                {
                    entities.Add(TableEntityJson.Deserialize(item));
                }
            }
        }

        return Page<TableEntity>.FromValues(entities, TableContinuation.FromResponse(response), response);
    }

    /// <summary>
    /// Runs up to 100 operations on one partition as an entity-group transaction: either all are applied, or none and a
    /// <see cref="TableTransactionFailedException"/> reports the failing operation's status, error code and index.
    /// </summary>
    public async Task<Response<IReadOnlyList<TableTransactionResult>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        TableTransactionAction[] list = actions.ToArray();
        TableBatch.Validate(list);

        string batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
        string changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");
        using HttpMessage message = CreateMessage(RequestMethod.Post, "$batch", s_batch);
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "multipart/mixed; boundary=" + batchBoundary);
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(TableBatch.Write(_serviceUri, Name, list, batchBoundary, changesetBoundary)));
        Response response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<TableBatch.Part> parts = TableBatch.Read(response.Content.ToString());
        for (int i = 0; i < parts.Count; i++)
        {
            if (parts[i].Status >= 400)
            {
                throw TransactionFailure(parts[i], parts.Count == list.Length ? i : null, list.Length);
            }
        }

        if (parts.Count != list.Length)
        {
            throw new RequestFailedException(response.Status, $"The transaction response held {parts.Count} results for {list.Length} actions.", null, null);
        }

        TableTransactionResult[] results = parts.Select(p => new TableTransactionResult(p.Status, TableBatch.ETagOf(p))).ToArray();
        return Response.FromValue<IReadOnlyList<TableTransactionResult>>(results, response);
    }

    private async Task<Response<ETag>> WriteEntityAsync(TableEntity entity, ETag? ifMatch, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        ValidateKeys(entity);
        RequestMethod method = mode == TableUpdateMode.Replace ? RequestMethod.Put : s_merge;
        using HttpMessage message = CreateMessage(method, TablePaths.Entity(Name, entity.PartitionKey, entity.RowKey), s_write);
        if (ifMatch is ETag etag)
        {
            message.Request.Headers.SetValue(HttpHeader.Names.IfMatch, etag.ToString());
        }

        SetJson(message.Request, TableEntityJson.Serialize(entity));
        Response response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(ReadETag(response), response);
    }

    private async Task<NullableResponse<TableEntity>> ReadEntityAsync(string partitionKey, string rowKey, IEnumerable<string>? select, ResponseClassifier classifier, CancellationToken cancellationToken)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        using HttpMessage message = CreateMessage(RequestMethod.Get, TablePaths.Entity(Name, partitionKey, rowKey), classifier);
        string? columns = SelectList(select);
        if (columns is not null)
        {
            message.Request.Uri.AppendQuery("$select", columns, escapeValue: true);
        }

        Response response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return new NoValueResponse<TableEntity>(response);
        }

        using JsonDocument doc = JsonDocument.Parse(response.Content);
        TableEntity entity = TableEntityJson.Deserialize(doc.RootElement);
        if (entity.ETag == default)
        {
            entity.ETag = ReadETag(response);
        }

        return Response.FromValue(entity, response);
    }

    private HttpMessage CreateMessage(RequestMethod method, string path, ResponseClassifier classifier)
    {
        HttpMessage message = _pipeline.CreateMessage();
        message.ResponseClassifier = classifier;
        Request request = message.Request;
        request.Method = method;
        request.Uri.Reset(new Uri(_serviceUri.AbsoluteUri.TrimEnd('/') + "/" + path));
        request.Headers.SetValue("x-ms-version", _version);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        request.Headers.SetValue(HttpHeader.Names.Accept, "application/json;odata=minimalmetadata");
        return message;
    }

    private static void SetJson(Request request, byte[] body)
    {
        request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        request.Content = RequestContent.Create(body);
    }

    private static ETag ReadETag(Response response) =>
        response.Headers.TryGetValue("ETag", out string? etag) ? new ETag(etag) : default;

    private static void ValidateKeys(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        TableKeys.Validate(entity.PartitionKey, nameof(TableEntity.PartitionKey));
        TableKeys.Validate(entity.RowKey, nameof(TableEntity.RowKey));
    }

    private static string? SelectList(IEnumerable<string>? select)
    {
        if (select is null)
        {
            return null;
        }

        string[] columns = select.ToArray();
        foreach (string column in columns)
        {
            ODataFilter.ValidatePropertyName(column);
        }

        return columns.Length == 0 ? null : string.Join(',', columns);
    }

    private static TableTransactionFailedException TransactionFailure(TableBatch.Part part, int? positionalIndex, int count)
    {
        string? code = null;
        string? text = null;
        if (part.Body.StartsWith('{'))
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(part.Body);
                if (doc.RootElement.TryGetProperty("odata.error", out JsonElement error))
                {
                    code = error.TryGetProperty("code", out JsonElement c) ? c.GetString() : null;
                    text = error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out JsonElement v)
                        ? v.GetString()
                        : null;
                }
            }
            catch (JsonException)
            {
            }
        }

        part.Headers.TryGetValue("x-ms-error-code", out string? headerCode);
        code ??= headerCode;
        int? index = positionalIndex;
        text = text?.Split('\n')[0].Trim();
        if (text is not null)
        {
            int colon = text.IndexOf(':');
            if (colon > 0 && int.TryParse(text.AsSpan(0, colon), out int reported) && reported >= 0 && reported < count)
            {
                index = reported;
                text = text[(colon + 1)..];
            }
        }

        string where = index is int n ? $" at action {n}" : string.Empty;
        return new TableTransactionFailedException(
            part.Status,
            $"The entity-group transaction failed{where} and nothing was applied. Status: {part.Status}, ErrorCode: {code ?? "(none)"}. {text}".TrimEnd(),
            code,
            index);
    }
}
