using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace McpGateway.Tests.Deployment;

/// <summary>
/// What the compiled infra/main.bicep deploys (docs/deployment.md): the isolated-worker app on Flex Consumption with Durable
/// Functions on identity-based storage, SignalR Service reachable by REST with the identity and from listed origins only, and
/// the worker app reachable from the function app through the shared virtual network; the function app and the stdio Container
/// Apps job agree on the stdio queue and the reply queue.
/// </summary>
public sealed partial class ArmTemplateTests(CompiledMainTemplate main) : IClassFixture<CompiledMainTemplate>
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string SignalRServiceOwner = "7e4f1700-ea5a-4f59-8f37-079cfe29dce3";
    private const string SignalRAppServer = "420fcaa2-552c-430f-98ca-3264be4806c7";

    [Fact]
    public void The_function_app_runs_the_isolated_worker_on_dotnet_10_on_Flex_Consumption()
    {
        var plan = main.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]?["tier"]);

        var config = FunctionApp()["properties"]!["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]?["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]?["version"]);
    }

    [Fact]
    public void The_durable_scale_group_has_always_ready_instances()
    {
        var alwaysReady = FunctionApp()["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"];
        // An expression (0 instances: none), whose array names the `durable` group.
        Assert.Contains("createObject('name', 'durable', 'instanceCount', parameters('durableAlwaysReadyInstances'))", (string?)alwaysReady);
        var parameter = main.Template["parameters"]!["durableAlwaysReadyInstances"]!;
        Assert.True((int?)parameter["defaultValue"] >= 1, "one durable instance is kept warm by default");
    }

    [Fact]
    public void App_settings_give_the_host_and_Durable_identity_based_storage_and_the_task_hub_name()
    {
        var settings = AppSettings();
        foreach (var key in new[]
        {
            "'AzureWebJobsStorage__credential', 'managedidentity'",
            "'AzureWebJobsStorage__clientId', parameters('identityClientId')",
            "'AzureWebJobsStorage__blobServiceUri'",
            "'AzureWebJobsStorage__queueServiceUri'",
            "'AzureWebJobsStorage__tableServiceUri'",
            "'DurableTaskHubName', parameters('durableTaskHubName')",
            "'HealthSweepSchedule'",
            "'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', format('ClientId={0};Authorization=AAD', parameters('identityClientId'))",
        })
        {
            Assert.Contains(key, settings);
        }
        // No connection string with a key, no managedIdentityResourceId (user-assigned identities are named by client id), and
        // nothing the platform derives from functionAppConfig.runtime on Flex.
        Assert.DoesNotContain("'AzureWebJobsStorage',", settings);
        Assert.DoesNotContain("managedIdentityResourceId", settings);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings);
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", (string?)main.Template["parameters"]!["durableTaskHubName"]!["defaultValue"]);
    }

    [Fact]
    public void The_identity_holds_the_storage_roles_Durable_Functions_needs()
    {
        var roles = RoleAssignments("roles").Where(r => r.Principal == "[parameters('identityPrincipalId')]").ToList();
        foreach (var role in new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor })
        {
            Assert.Contains(roles, r => r.RoleId == role && r.Scope.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_identity_can_publish_through_the_SignalR_REST_API()
    {
        var roles = RoleAssignments("signalr-roles").ToList();
        Assert.Contains(roles, r => r.RoleId == SignalRServiceOwner
            && r.Principal == "[parameters('identityPrincipalId')]"
            && r.Scope.Contains("Microsoft.SignalRService/signalR", StringComparison.Ordinal));
        // App Server alone cannot use the REST API; it is not assigned anywhere.
        Assert.DoesNotContain(SignalRAppServer, main.Text);
    }

    [Fact]
    public void SignalR_Service_is_serverless_and_allows_listed_origins_only()
    {
        var signalR = main.Single("Microsoft.SignalRService/signalR");
        Assert.Contains(signalR["properties"]!["features"]!.AsArray(), f => (string?)f!["flag"] == "ServiceMode" && (string?)f["value"] == "Serverless");
        Assert.True((bool?)signalR["properties"]!["disableLocalAuth"]);
        Assert.Equal("[parameters('allowedOrigins')]", (string?)signalR["properties"]!["cors"]!["allowedOrigins"]);

        // The module's list is required and never empty (an empty or missing list means "allow all" to the service) ...
        var parameter = main.Module("signalr")["parameters"]!["allowedOrigins"]!;
        Assert.Equal(1, (int?)parameter["minLength"]);
        Assert.Null(parameter["defaultValue"]);
        // ... main.bicep passes the gateway's own origin plus the listed ones, with `*` removed ...
        var passed = (string?)Deployment("signalr")["properties"]!["parameters"]!["allowedOrigins"]!["value"];
        Assert.StartsWith("[union(createArray(reference(", passed);
        Assert.Contains(".outputs.uri.value), variables('browserOrigins'))", passed);
        Assert.Contains("not(equals(lambdaVariables('origin'), '*'))", (string?)main.Template["variables"]!["browserOrigins"]);
        // ... and no template anywhere holds a literal `*`.
        Assert.DoesNotContain(Strings(main.Template), s => s == "*");
    }

    [Fact]
    public void The_function_app_reaches_the_worker_app_through_the_shared_virtual_network()
    {
        Assert.Equal("[parameters('subnetId')]", (string?)FunctionApp()["properties"]!["virtualNetworkSubnetId"]);

        var environment = main.Single("Microsoft.App/managedEnvironments")["properties"]!["vnetConfiguration"]!;
        Assert.True((bool?)environment["internal"]);
        Assert.Equal("[parameters('infrastructureSubnetId')]", (string?)environment["infrastructureSubnetId"]);

        // In an internal environment, external ingress means "reachable from the virtual network", not from the internet.
        Assert.True((bool?)main.Single("Microsoft.App/containerApps")["properties"]!["configuration"]!["ingress"]!["external"]);

        var subnets = main.Single("Microsoft.Network/virtualNetworks")["properties"]!["subnets"]!.AsArray();
        Assert.Equal(2, subnets.Count);
        Assert.All(subnets, s =>
        {
            Assert.DoesNotContain("_", (string?)s!["name"]);
            Assert.Equal("Microsoft.App/environments", (string?)s["properties"]!["delegations"]![0]!["properties"]!["serviceName"]);
        });

        Assert.Contains(main.Resources("Microsoft.Network/privateDnsZones/A"), r => (string?)r["name"] is { } name && name.EndsWith("'*')]", StringComparison.Ordinal));
        Assert.Single(main.Resources("Microsoft.Network/privateDnsZones/virtualNetworkLinks"));
    }

    [Fact]
    public void The_stdio_job_scales_on_its_queue_with_the_identity()
    {
        var rule = main.Single("Microsoft.App/jobs")["properties"]!["configuration"]!["eventTriggerConfig"]!["scale"]!["rules"]![0]!;
        Assert.Equal("azure-queue", (string?)rule["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)rule["identity"]);
        Assert.NotNull(rule["metadata"]!["accountName"]);
    }

    [Fact]
    public void The_app_and_the_drain_job_name_the_same_stdio_queue_and_reply_queue()
    {
        // The app queues stdio work (QueueStdioCall) on the queue the job drains and scales on ...
        var settings = AppSettings();
        Assert.Contains("'McpGateway__Jobs__StdioQueueName', parameters('stdioQueueName')", settings);
        var app = Deployment("function-settings")["properties"]!["parameters"]!;
        Assert.Equal("[parameters('stdioQueueName')]", (string?)app["stdioQueueName"]!["value"]);
        var job = Deployment("worker-job")["properties"]!["parameters"]!;
        var jobEnv = (string?)job["env"]!["value"];
        Assert.Equal("[parameters('stdioQueueName')]", (string?)job["queueName"]!["value"]);
        Assert.Contains("createObject('name', 'McpGateway__Mode', 'value', 'drain')", jobEnv);
        Assert.Contains("createObject('name', 'McpGateway__Jobs__QueueName', 'value', parameters('stdioQueueName'))", jobEnv);

        // ... and its StdioJobDone trigger reads the reply queue the job posts to when a job ends.
        Assert.Contains("'StdioReplyQueueName', parameters('stdioReplyQueueName')", settings);
        Assert.Equal("[parameters('stdioReplyQueueName')]", (string?)app["stdioReplyQueueName"]!["value"]);
        Assert.Contains("createObject('name', 'McpGateway__Jobs__ReplyQueueName', 'value', parameters('stdioReplyQueueName'))", jobEnv);
        // The worker app runs no queued jobs, so it answers on no queue.
        Assert.DoesNotContain("ReplyQueueName", (string?)Deployment("worker-app")["properties"]!["parameters"]!["env"]!["value"]);

        var parameters = main.Template["parameters"]!;
        var stdioQueue = (string?)parameters["stdioQueueName"]!["defaultValue"];
        var replyQueue = (string?)parameters["stdioReplyQueueName"]!["defaultValue"];
        Assert.NotEqual(stdioQueue, replyQueue);
        Assert.All(new[] { stdioQueue, replyQueue }, name => Assert.Matches("^[a-z0-9](?:[a-z0-9]|-(?!-)){1,54}[a-z0-9]$", name));
    }

    [Fact]
    public void Storage_declares_the_stdio_and_reply_queues_with_their_poison_queues()
    {
        var queues = Deployment("storage")["properties"]!["parameters"]!["queueNames"]!["value"]!.AsArray().Select(q => (string?)q).ToList();
        foreach (var name in new[] { "stdioQueueName", "stdioReplyQueueName" })
        {
            Assert.Contains($"[parameters('{name}')]", queues);
            Assert.Contains($"[format('{{0}}-poison', parameters('{name}'))]", queues);
        }
    }

    [Fact]
    public void The_drain_job_runs_as_the_identity_that_may_send_to_the_reply_queue()
    {
        // One user-assigned identity: the job's (image pulls, the KEDA scaler, its storage access) is the one the roles module
        // gives Queue Data Contributor on the account, which covers sending to the reply queue.
        var job = Deployment("worker-job")["properties"]!["parameters"]!;
        Assert.Contains("'Microsoft.Resources/deployments', 'identity')", (string?)job["identityId"]!["value"]);
        var roles = Deployment("roles")["properties"]!["parameters"]!;
        Assert.Contains("'Microsoft.Resources/deployments', 'identity')", (string?)roles["identityPrincipalId"]!["value"]);
        Assert.Contains(RoleAssignments("roles"), r => r.RoleId == StorageQueueDataContributor
            && r.Principal == "[parameters('identityPrincipalId')]"
            && r.Scope.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal));
    }

    private JsonObject FunctionApp() => main.Single("Microsoft.Web/sites");

    private string AppSettings() =>
        (string?)main.Single("Microsoft.Web/sites/config")["properties"] ?? throw new InvalidOperationException("app settings are not one expression");

    private JsonObject Deployment(string name) =>
        main.Resources("Microsoft.Resources/deployments").Single(d => (string?)d["name"] == name);

    private sealed record RoleAssignment(string RoleId, string Principal, string Scope);

    /// <summary>The role assignments of a module, with role definition ids resolved from the module's variables.</summary>
    private IEnumerable<RoleAssignment> RoleAssignments(string module)
    {
        var template = main.Module(module);
        var variables = template["variables"]?.AsObject() ?? new JsonObject();
        var resources = template["resources"] is JsonArray array ? array.OfType<JsonObject>() : template["resources"]!.AsObject().Select(p => p.Value).OfType<JsonObject>();
        foreach (var assignment in resources.Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments"))
        {
            var definition = (string?)assignment["properties"]!["roleDefinitionId"] ?? "";
            var variable = RoleVariable().Match(definition);
            if (!variable.Success || variables[variable.Groups[1].Value] is not JsonValue id)
            {
                continue;
            }
            yield return new RoleAssignment((string)id!, (string?)assignment["properties"]!["principalId"] ?? "", (string?)assignment["scope"] ?? "");
        }
    }

    [GeneratedRegex(@"variables\('(\w+)'\)\)\]$")]
    private static partial Regex RoleVariable();

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
