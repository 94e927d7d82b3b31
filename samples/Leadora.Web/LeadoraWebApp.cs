using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Leadora.Web.Api;
using Leadora.Web.Hosting;
using Leadora.Web.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.OpenApi;

namespace Leadora.Web;

/// <summary>Builds the Leadora web host: services, the request pipeline and the endpoints.</summary>
internal static partial class LeadoraWebApp
{
    /// <summary>
    /// Builds the host from command-line arguments and the usual configuration sources (appsettings.json, environment
    /// variables). <paramref name="configure"/> runs right after the builder is created (tests add logging providers there).
    /// </summary>
    /// <exception cref="StartupException">The configuration cannot work; the message says what to change.</exception>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = WithSwitches(args),
            // Pages and static assets belong to this assembly, whichever process hosts it (a test runner, too).
            ApplicationName = typeof(LeadoraWebApp).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);
        builder.AddServiceDefaults();
        var options = WebHostOptions.Read(builder.Configuration);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpsPortsKey]))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });

        // Provider request URIs can carry keys (Google's ?key=); HttpClient's own request logging stays off.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        var secret = SigningSecret.Resolve(options.Auth, builder.Environment);
        var leadora = builder.Services.AddLeadora(builder.Configuration);

        // The sweeper runs in every web process (it returns expired leases and purges the cache); jobs only when asked.
        leadora.AddLeadoraWorker(worker => worker.RunJobs = options.RunJobs);
        var storage = LeadoraSetup.ConfigureStorage(leadora);
        var sandbox = await LeadoraSetup.ConfigureProvidersAsync(leadora, options);
        try
        {
            var shared = LeadoraSetup.SharedSandbox(options);
            var mode = new HostMode(sandbox is not null || shared is not null, sandbox?.BaseAddress ?? shared, storage, options.RunJobs);
            AddServices(builder.Services, options, secret, mode);
            if (storage == "postgres")
            {
                // Any instance on the database reads any instance's antiforgery cookies and tokens.
                PostgresXmlRepository.AddTo(builder.Services);
            }
            if (sandbox is not null)
            {
                builder.Services.AddSingleton(_ => new SandboxHandle(sandbox));
            }

            var app = builder.Build();
            if (sandbox is not null)
            {
                // Resolve it once so the container owns it and stops the sandbox with the host.
                _ = app.Services.GetRequiredService<SandboxHandle>();
            }

            Configure(app, options);
            LogStartup(app, mode, secret);
            return app;
        }
        catch
        {
            if (sandbox is not null)
            {
                await sandbox.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Maps the host's own switches onto configuration keys: <c>--sandbox URL</c> is <c>Leadora:Web:SandboxUrl</c>.</summary>
    private static string[] WithSwitches(string[] args)
    {
        var mapped = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--sandbox" && i + 1 < args.Length)
            {
                mapped.Add($"--{WebHostOptions.SectionName}:SandboxUrl={args[++i]}");
            }
            else
            {
                mapped.Add(args[i]);
            }
        }

        return [.. mapped];
    }

    private static void AddServices(IServiceCollection services, WebHostOptions options, SigningSecret secret, HostMode mode)
    {
        services.AddSingleton(options);
        services.AddSingleton(mode);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<HtmlExceptionHandler>();
        services.Configure<ExceptionHandlerOptions>(o => o.StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));

        services.AddLeadoraAuthentication(options, secret);
        services.AddLeadoraRateLimiting(options.RateLimit);
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "leadora_csrf";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.FormFieldName = "__csrf";
        });
        services.AddRazorPages(pages => pages.Conventions.AllowAnonymousToPage("/SignIn"));
        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Leadora API";
            document.Info.Description =
                "Start and follow B2B lead searches, stream their progress and export results. Every route except /health/* " +
                "requires Authorization: Bearer <token>, where the token is an HS256 JWT (sub = user id) or an API key. " +
                "Another user's search always answers 404.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                ["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT (HS256, sub = user id) or API key",
                    Description = "A JWT signed with LEADORA_JWT_SECRET / SUPABASE_JWT_SECRET, or a configured API key.",
                },
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"])
            .AddCheck<JobRunnerHealthCheck>("jobs", tags: ["ready"]);
        services.AddSingleton<SearchEventStream>();
        services.AddSingleton<LeadTables>();

        if (options.CorsOrigins.Count > 0)
        {
            services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. options.CorsOrigins])
                .WithMethods("GET", "POST", "PUT")
                .WithHeaders("Authorization", "Content-Type", "Last-Event-ID")));
        }
    }

    private static void Configure(WebApplication app, WebHostOptions options)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(WriteStatusAsync);
        app.UseSecurityHeaders();
        app.UseRequestBodyLimit(options.MaxRequestBodyBytes);
        app.UseStaticFiles();
        app.UseRouting();
        if (options.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        var health = new[] { ("/health/live", (Func<HealthCheckRegistration, bool>)(_ => false)), ("/health/ready", check => check.Tags.Contains("ready")) };
        foreach (var (path, predicate) in health)
        {
            app.MapHealthChecks(path, new HealthCheckOptions { Predicate = predicate, ResponseWriter = WriteHealthAsync })
                .AllowAnonymous()
                .WithMetadata(new Microsoft.AspNetCore.Mvc.ProducesResponseTypeAttribute(StatusCodes.Status200OK));
        }

        app.MapSearchApi();
        app.MapLeadApi();
        app.MapCompatibilityApi();
        app.MapOpenApi();
        app.MapRazorPages();
    }

    private static async Task WriteStatusAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        if (Middleware.WantsHtml(http.Request))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            var detail = status == StatusCodes.Status404NotFound ? "There is nothing here, or it belongs to someone else." : "The request could not be completed.";
            await http.Response.WriteAsync(StatusPages.Html(status, StatusPages.Title(status), detail));
            return;
        }

        await Problems.WriteAsync(http, status, StatusPages.Title(status) + ".");
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsJsonAsync(body);
    }

    private static void LogStartup(WebApplication app, HostMode mode, SigningSecret secret)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Leadora.Web");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "(test server)";
            var providers = !mode.RunsJobs ? "no providers (workers call them)"
                : mode.Synthetic ? $"offline: synthetic data from the sandbox at {mode.SandboxAddress}"
                : "live providers";
            LogMode(logger, providers, mode.Storage, mode.RunsJobs ? "in this process" : "in separate workers");
            switch (secret.Source)
            {
                case SigningSecretSource.Development:
                    LogDevelopmentSecret(logger, address, secret.DevelopmentFile ?? "");
                    break;
                case SigningSecretSource.None:
                    LogApiKeysOnly(logger);
                    break;
                default:
                    LogReady(logger, address);
                    break;
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Leadora web host: {Providers}; {Storage} storage; jobs run {Jobs}")]
    private static partial void LogMode(ILogger logger, string providers, string storage, string jobs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No LEADORA_JWT_SECRET is configured: Development tokens are signed with a machine-local development secret ({SecretFile}). Open {Address}/signin and choose 'Sign in as developer', or mint a token: dotnet run --project samples/Leadora.Web -- token --user alice")]
    private static partial void LogDevelopmentSecret(ILogger logger, string address, string secretFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "No JWT secret is configured: only API keys are accepted")]
    private static partial void LogApiKeysOnly(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ready: open {Address}/ and sign in with a bearer token")]
    private static partial void LogReady(ILogger logger, string address);

    /// <summary>Unhandled exceptions on pages answer a plain HTML page; API requests fall through to the ProblemDetails writer.</summary>
    private sealed class HtmlExceptionHandler : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (!Middleware.WantsHtml(httpContext.Request))
            {
                return false;
            }

            var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            await httpContext.Response.WriteAsync(StatusPages.Html(status, StatusPages.Title(status), "The error was logged. Try again, or go back to your searches."), cancellationToken);
            return true;
        }
    }
}
