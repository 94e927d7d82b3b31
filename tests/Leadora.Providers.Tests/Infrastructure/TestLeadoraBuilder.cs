using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leadora.Providers.Tests.Infrastructure;

/// <summary>The smallest <see cref="ILeadoraBuilder"/>: a service collection and an in-memory <c>Leadora</c> section.</summary>
public sealed class TestLeadoraBuilder : ILeadoraBuilder
{
    public TestLeadoraBuilder(IDictionary<string, string?>? settings = null, InMemoryLoggerProvider? logs = null)
    {
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        Services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
    }

    public IServiceCollection Services { get; } = new ServiceCollection();

    public IConfiguration Configuration { get; }

    public ServiceProvider Build() => Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
}
