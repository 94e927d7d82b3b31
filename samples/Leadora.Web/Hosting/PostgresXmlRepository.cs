using System.Xml.Linq;
using Leadora.Storage.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Leadora.Web.Hosting;

/// <summary>
/// ASP.NET Core's data-protection key ring in PostgreSQL (table <c>data_protection_keys</c>), so every web instance on the
/// database protects and unprotects with the same keys: an antiforgery cookie or form token issued by one instance is
/// accepted by any other. Keys are stored as the XML the key manager writes (it encrypts nothing here, like the default
/// file repository on Linux: protect the database as you protect the keys).
/// </summary>
internal sealed class PostgresXmlRepository(PostgresDatabase database) : IXmlRepository
{
    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        database.EnsureReadyAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        using var command = database.DataSource.CreateCommand(database.Sql("SELECT xml FROM {s}.data_protection_keys ORDER BY created_at, name"));
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        database.EnsureReadyAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        using var command = database.DataSource.CreateCommand(database.Sql("INSERT INTO {s}.data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING"));
        command.Parameters.AddWithValue("name", string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString() : friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }

    /// <summary>Shares the key ring through PostgreSQL: the same application name everywhere, keys in the database.</summary>
    public static void AddTo(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Leadora.Web");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(sp.GetRequiredService<PostgresDatabase>())));
    }
}
