using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Testing;

/// <summary>Wraps an existing registration in a decorator (tests only).</summary>
public static class ServiceCollectionDecoration
{
    /// <summary>Replaces the last registration of <typeparamref name="TService"/> with <paramref name="decorate"/> applied to it.</summary>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, TService> decorate)
        where TService : class
    {
        var index = services.Select((d, i) => (d, i)).Last(x => x.d.ServiceType == typeof(TService) && !x.d.IsKeyedService).i;
        var original = services[index];
        services[index] = ServiceDescriptor.Describe(typeof(TService), sp => decorate(Create<TService>(sp, original)), original.Lifetime);
        return services;
    }

    private static TService Create<TService>(IServiceProvider services, ServiceDescriptor descriptor) where TService : class =>
        (TService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
