using System.Text.Json;
using Leadora.DecisionMakers;
using Leadora.Dedupe;
using Leadora.Ports;
using Npgsql;
using NpgsqlTypes;

namespace Leadora.Storage.Postgres;

/// <summary>
/// The lead store on PostgreSQL. Every statement filters by tenant; writes for a search that does not exist for the tenant
/// are no-ops, as in the in-memory store. Batches go in one round trip (<c>unnest</c> arrays or <c>jsonb_to_recordset</c>),
/// and business de-duplication runs under a per-search transaction-scoped advisory lock over a unique key table, so
/// concurrent workers never store one business twice.
/// </summary>
public sealed class PostgresLeadStore : ILeadStore
{
    private const string SearchColumns = "tenant_id, id, search_type, product_service, industries, countries, limits::text, status, error, created_at, updated_at, completed_at";

    private const string BusinessColumns = "b.id, b.search_id, b.name, b.address, b.city, b.country, b.phone, b.website, b.domain, b.category, b.rating, b.rating_count, " +
        "b.place_id, b.cid, b.latitude, b.longitude, b.provenance::text, b.discovered_by, b.persona_match::text, b.decision_makers_searched, b.found_at, " +
        "b.types::text, b.also_found_by::text, b.fit::text";

    private const string DecisionMakerColumns = "d.id, d.search_id, d.business_id, d.name, d.title, d.company, d.linkedin_url, d.location, d.snippet, d.provenance::text, d.persona_match::text, d.found_at";

    private static readonly JsonSerializerOptions RowOptions = new(StorageJson.Options) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly PostgresDatabase _db;

    /// <summary>Creates the store.</summary>
    public PostgresLeadStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
    }

    /// <inheritdoc />
    public async Task CreateSearchAsync(LeadSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        await using var command = await _db.CommandAsync(_db.Sql($"""
            INSERT INTO {"{s}"}.searches ({SearchColumns.Replace("::text", "", StringComparison.Ordinal)})
            VALUES (@tenant, @id, @type, @product, @industries, @countries, @limits::jsonb, @status, @error, @created, @updated, @completed)
            ON CONFLICT (id) DO NOTHING
            """), cancellationToken).ConfigureAwait(false);
        var p = command.Parameters;
        p.AddWithValue("tenant", search.TenantId);
        p.AddWithValue("id", search.Id);
        p.AddWithValue("type", search.SearchType == SearchType.Supplier ? "supplier" : "customer");
        p.AddWithValue("product", search.ProductService);
        p.AddWithValue("industries", search.Industries.ToArray());
        p.AddWithValue("countries", search.Countries.ToArray());
        p.AddWithValue("limits", StorageJson.Serialize(search.Limits));
        p.AddWithValue("status", Db.Status(search.Status));
        p.AddWithValue("error", (object?)search.Error ?? DBNull.Value);
        p.AddWithValue("created", Db.Utc(search.CreatedAt));
        p.AddWithValue("updated", Db.Utc(search.UpdatedAt == default ? search.CreatedAt : search.UpdatedAt));
        p.Add(new NpgsqlParameter<DateTimeOffset?>("completed", NpgsqlDbType.TimestampTz) { TypedValue = search.CompletedAt is { } c ? Db.Utc(c) : null });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LeadSearch?> GetSearchAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql($"SELECT {SearchColumns} FROM {{s}}.searches WHERE tenant_id = @tenant AND id = @id"), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("id", searchId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadSearch(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LeadSearch>> ListSearchesAsync(string tenantId, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql($"""
            SELECT {SearchColumns} FROM {"{s}"}.searches WHERE tenant_id = @tenant
            ORDER BY created_at DESC, id OFFSET @skip LIMIT @take
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("skip", Math.Max(0, skip));
        command.Parameters.AddWithValue("take", Math.Max(0, take));
        var list = new List<LeadSearch>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadSearch(reader));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<bool> SetSearchStatusAsync(string tenantId, Guid searchId, SearchStatus status, string? errorMessage, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql("""
            UPDATE {s}.searches
            SET status = @status, error = coalesce(@error, error), updated_at = @at, completed_at = CASE WHEN @terminal THEN @at END
            WHERE tenant_id = @tenant AND id = @id AND status <> @status
              AND status NOT IN ('completed', 'completed_with_warnings', 'failed', 'cancelled')
            """), cancellationToken).ConfigureAwait(false);
        var p = command.Parameters;
        p.AddWithValue("tenant", tenantId);
        p.AddWithValue("id", searchId);
        p.AddWithValue("status", Db.Status(status));
        p.Add(new NpgsqlParameter<string?>("error", NpgsqlDbType.Text) { TypedValue = errorMessage });
        p.AddWithValue("at", Db.Utc(at));
        p.AddWithValue("terminal", status.IsTerminal());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public Task SaveBusinessPersonasAsync(string tenantId, Guid searchId, IReadOnlyList<BusinessPersona> personas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personas);
        return SavePersonasAsync("business_personas", tenantId, searchId, personas.Select(p => (p.Id, p.Rank, p.Title, StorageJson.Serialize(p))).ToList(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BusinessPersona>> GetBusinessPersonasAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        GetPersonasAsync<BusinessPersona>("business_personas", tenantId, searchId, cancellationToken);

    /// <inheritdoc />
    public Task SaveDecisionMakerPersonasAsync(string tenantId, Guid searchId, IReadOnlyList<DecisionMakerPersona> personas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personas);
        return SavePersonasAsync("decision_maker_personas", tenantId, searchId, personas.Select(p => (p.Id, p.Rank, p.Title, StorageJson.Serialize(p))).ToList(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DecisionMakerPersona>> GetDecisionMakerPersonasAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default) =>
        GetPersonasAsync<DecisionMakerPersona>("decision_maker_personas", tenantId, searchId, cancellationToken);

    /// <inheritdoc />
    public async Task<BusinessBatchResult> AddBusinessesAsync(string tenantId, Guid searchId, IReadOnlyList<KeyedBusiness> businesses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(businesses);
        if (businesses.Count == 0)
        {
            return new BusinessBatchResult(0, 0);
        }

        var keys = businesses.SelectMany(b => b.Keys).Distinct(StringComparer.Ordinal).ToArray();
        var ids = businesses.Select(b => b.Business.Id).Distinct().ToArray();
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Round trip 1: serialize with other writers of this search, then read what the batch could collide with.
        bool exists;
        var keyIndex = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var all = new Dictionary<Guid, Business>();
        await using (var read = new NpgsqlBatch(connection, transaction))
        {
            read.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(@lock), EXISTS (SELECT 1 FROM {s}.searches WHERE tenant_id = @tenant AND id = @search)",
                ("lock", SearchLockKey(searchId)), ("tenant", tenantId), ("search", searchId)));
            read.BatchCommands.Add(Command("SELECT key, business_id FROM {s}.business_keys WHERE tenant_id = @tenant AND search_id = @search AND key = ANY(@keys)",
                ("tenant", tenantId), ("search", searchId), ("keys", keys)));
            read.BatchCommands.Add(Command($"""
                SELECT {BusinessColumns} FROM {"{s}"}.businesses b
                WHERE b.tenant_id = @tenant AND b.search_id = @search
                  AND (b.id = ANY(@ids) OR b.id IN (SELECT business_id FROM {"{s}"}.business_keys WHERE tenant_id = @tenant AND search_id = @search AND key = ANY(@keys)))
                """, ("tenant", tenantId), ("search", searchId), ("ids", ids), ("keys", keys)));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            exists = reader.GetBoolean(1);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keyIndex[reader.GetString(0)] = reader.GetGuid(1);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var business = ReadBusiness(reader);
                all[business.Id] = business;
            }
        }

        if (!exists)
        {
            return new BusinessBatchResult(0, 0);
        }

        // The one merge algorithm (the in-memory store's too), item by item in batch order, over what was read.
        var plan = BusinessMerge.Merge(businesses, keyIndex, id => all.GetValueOrDefault(id));
        var inserted = plan.Inserted;
        var merged = plan.Updated;
        var newKeys = plan.NewKeys;

        // Round trip 2: new businesses, merged fields of stored ones, and the new keys.
        await using (var write = new NpgsqlBatch(connection, transaction))
        {
            if (inserted.Count > 0)
            {
                var rows = inserted.Select((business, ordinal) => BusinessRow.From(business, ordinal)).ToList();
                write.BatchCommands.Add(Command($"""
                    INSERT INTO {"{s}"}.businesses (tenant_id, search_id, id, name, address, city, country, phone, website, domain, category, rating, rating_count,
                        place_id, cid, latitude, longitude, provenance, discovered_by, persona_match, decision_makers_searched, found_at, types, also_found_by, fit)
                    SELECT @tenant, @search, r.id, r.name, r.address, r.city, r.country, r.phone, r.website, r.domain, r.category, r.rating, r.rating_count,
                        r.place_id, r.cid, r.latitude, r.longitude, r.provenance::jsonb, r.discovered_by, r.persona_match::jsonb, r.decision_makers_searched, r.found_at,
                        r.types::jsonb, r.also_found_by::jsonb, r.fit::jsonb
                    FROM jsonb_to_recordset(@rows) AS r({BusinessRow.RecordDefinition})
                    ORDER BY r.ordinal
                    """, ("tenant", tenantId), ("search", searchId), ("rows", Jsonb(JsonSerializer.Serialize(rows, RowOptions)))));
            }

            if (merged.Count > 0)
            {
                var rows = merged.Select((business, ordinal) => BusinessRow.From(business, ordinal)).ToList();
                write.BatchCommands.Add(Command($"""
                    UPDATE {"{s}"}.businesses b SET address = r.address, city = r.city, phone = r.phone, website = r.website, domain = r.domain,
                        category = r.category, rating = r.rating, rating_count = r.rating_count, place_id = r.place_id, cid = r.cid,
                        latitude = r.latitude, longitude = r.longitude, types = r.types::jsonb, also_found_by = r.also_found_by::jsonb
                    FROM jsonb_to_recordset(@rows) AS r({BusinessRow.RecordDefinition})
                    WHERE b.tenant_id = @tenant AND b.search_id = @search AND b.id = r.id
                    """, ("tenant", tenantId), ("search", searchId), ("rows", Jsonb(JsonSerializer.Serialize(rows, RowOptions)))));
            }

            if (newKeys.Count > 0)
            {
                write.BatchCommands.Add(Command("""
                    INSERT INTO {s}.business_keys (tenant_id, search_id, key, business_id)
                    SELECT @tenant, @search, k.key, k.business_id FROM unnest(@keys, @ids) AS k(key, business_id)
                    ON CONFLICT DO NOTHING
                    """, ("tenant", tenantId), ("search", searchId), ("keys", newKeys.Select(k => k.Key).ToArray()), ("ids", newKeys.Select(k => k.BusinessId).ToArray())));
            }

            if (write.BatchCommands.Count > 0)
            {
                await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new BusinessBatchResult(inserted.Count, plan.Duplicates);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Business>> GetBusinessesAsync(string tenantId, Guid searchId, string? discoveredBy = null, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql($"""
            SELECT {BusinessColumns} FROM {"{s}"}.businesses b
            WHERE b.tenant_id = @tenant AND b.search_id = @search AND (@unit::text IS NULL OR b.discovered_by = @unit)
            ORDER BY b.seq
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        command.Parameters.Add(new NpgsqlParameter<string?>("unit", NpgsqlDbType.Text) { TypedValue = discoveredBy });
        return await ReadBusinessesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Business>> GetBusinessesByIdAsync(string tenantId, Guid searchId, IReadOnlyList<Guid> businessIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(businessIds);
        if (businessIds.Count == 0)
        {
            return [];
        }

        await using var command = await _db.CommandAsync(_db.Sql($"""
            SELECT {BusinessColumns} FROM {"{s}"}.businesses b
            WHERE b.tenant_id = @tenant AND b.search_id = @search AND b.id = ANY(@ids)
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        command.Parameters.AddWithValue("ids", businessIds.Distinct().ToArray());
        var found = (await ReadBusinessesAsync(command, cancellationToken).ConfigureAwait(false)).ToDictionary(b => b.Id);
        return businessIds.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    /// <inheritdoc />
    public Task SetBusinessMatchesAsync(string tenantId, Guid searchId, IReadOnlyList<(Guid BusinessId, PersonaMatch Match)> matches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matches);
        return SetBusinessJsonAsync(tenantId, searchId, "persona_match", matches, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetBusinessFitsAsync(string tenantId, Guid searchId, IReadOnlyList<(Guid BusinessId, BusinessFit Fit)> fits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fits);
        return SetBusinessJsonAsync(tenantId, searchId, "fit", fits, cancellationToken);
    }

    /// <summary>Sets one jsonb column of many businesses in one statement; the last value given for a business wins.</summary>
    private async Task SetBusinessJsonAsync<T>(string tenantId, Guid searchId, string column, IReadOnlyList<(Guid BusinessId, T Value)> values, CancellationToken cancellationToken)
    {
        var last = new Dictionary<Guid, T>();
        foreach (var (id, value) in values)
        {
            last[id] = value;
        }

        if (last.Count == 0)
        {
            return;
        }

        // column is one of this class's constants, never input.
        await using var command = await _db.CommandAsync(_db.Sql($$"""
            UPDATE {s}.businesses b SET {{column}} = v.value::jsonb
            FROM unnest(@ids, @values) AS v(id, value)
            WHERE b.tenant_id = @tenant AND b.search_id = @search AND b.id = v.id
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        command.Parameters.AddWithValue("ids", last.Keys.ToArray());
        command.Parameters.AddWithValue("values", last.Values.Select(v => StorageJson.Serialize(v)).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task MarkDecisionMakersSearchedAsync(string tenantId, Guid searchId, IReadOnlyList<Guid> businessIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(businessIds);
        if (businessIds.Count == 0)
        {
            return;
        }

        await using var command = await _db.CommandAsync(_db.Sql("""
            UPDATE {s}.businesses SET decision_makers_searched = true
            WHERE tenant_id = @tenant AND search_id = @search AND id = ANY(@ids) AND NOT decision_makers_searched
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        command.Parameters.AddWithValue("ids", businessIds.Distinct().ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> AddDecisionMakersAsync(string tenantId, Guid searchId, IReadOnlyList<DecisionMaker> decisionMakers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisionMakers);
        var rows = decisionMakers
            .Select(p => (Person: p, Key: ProfileUrls.Normalize(p.LinkedInUrl)))
            .DistinctBy(p => p.Key, StringComparer.Ordinal)
            .Select((p, ordinal) => DecisionMakerRow.From(p.Person, p.Key, ordinal))
            .ToList();
        if (rows.Count == 0)
        {
            return 0;
        }

        // Inserts of one search are serialized (as businesses are), so rows commit in the order of their seq and a reader
        // that follows the search by position (GetResultsAfterAsync) never skips one.
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock(@lock)", ("lock", SearchLockKey(searchId))));
        batch.BatchCommands.Add(Command($"""
            INSERT INTO {"{s}"}.decision_makers (tenant_id, search_id, id, profile_key, business_id, name, title, company, linkedin_url, location, snippet, provenance, persona_match, found_at)
            SELECT s.tenant_id, s.id, r.id, r.profile_key, r.business_id, r.name, r.title, r.company, r.linkedin_url, r.location, r.snippet,
                r.provenance::jsonb, r.persona_match::jsonb, r.found_at
            FROM {"{s}"}.searches s, jsonb_to_recordset(@rows) AS r({DecisionMakerRow.RecordDefinition})
            WHERE s.tenant_id = @tenant AND s.id = @search
            ORDER BY r.ordinal
            ON CONFLICT DO NOTHING
            """, ("tenant", tenantId), ("search", searchId), ("rows", Jsonb(JsonSerializer.Serialize(rows, RowOptions)))));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return checked((int)batch.BatchCommands[1].RecordsAffected);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DecisionMaker>> GetDecisionMakersAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql($"""
            SELECT {DecisionMakerColumns} FROM {"{s}"}.decision_makers d
            WHERE d.tenant_id = @tenant AND d.search_id = @search ORDER BY d.seq
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        var list = new List<DecisionMaker>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadDecisionMaker(reader));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task SaveMarketReportAsync(string tenantId, MarketReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var command = await _db.CommandAsync(_db.Sql("""
            INSERT INTO {s}.market_reports (tenant_id, search_id, evidence, report, generated_at)
            SELECT s.tenant_id, s.id, @evidence, @report::jsonb, @generated FROM {s}.searches s WHERE s.tenant_id = @tenant AND s.id = @search
            ON CONFLICT (tenant_id, search_id) DO UPDATE SET evidence = excluded.evidence, report = excluded.report, generated_at = excluded.generated_at
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", report.SearchId);
        command.Parameters.AddWithValue("evidence", report.Evidence == EvidenceLevel.Grounded ? "grounded" : "insufficient");
        command.Parameters.AddWithValue("report", StorageJson.Serialize(report));
        command.Parameters.AddWithValue("generated", Db.Utc(report.GeneratedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<MarketReport?> GetMarketReportAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql("SELECT report::text FROM {s}.market_reports WHERE tenant_id = @tenant AND search_id = @search"), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? StorageJson.Deserialize<MarketReport>(json) : null;
    }

    /// <inheritdoc />
    public async Task AddWarningAsync(string tenantId, Guid searchId, SearchWarning warning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warning);
        await using var command = await _db.CommandAsync(_db.Sql("""
            INSERT INTO {s}.search_warnings (tenant_id, search_id, code, subject, message, raised_at)
            SELECT s.tenant_id, s.id, @code, @subject, @message, @at FROM {s}.searches s WHERE s.tenant_id = @tenant AND s.id = @search
            ON CONFLICT (tenant_id, search_id, code, subject) DO NOTHING
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        command.Parameters.AddWithValue("code", warning.Code);
        command.Parameters.AddWithValue("subject", warning.Subject);
        command.Parameters.AddWithValue("message", warning.Message);
        command.Parameters.AddWithValue("at", Db.Utc(warning.At));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SearchWarning>> GetWarningsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql("""
            SELECT code, message, subject, raised_at FROM {s}.search_warnings WHERE tenant_id = @tenant AND search_id = @search ORDER BY seq
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        var list = new List<SearchWarning>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new SearchWarning(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<bool> SetAnnotationAsync(string tenantId, Guid searchId, LeadAnnotation annotation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(annotation);
        annotation.Validate();
        await using var command = await _db.CommandAsync(_db.Sql("""
            INSERT INTO {s}.lead_annotations (tenant_id, search_id, lead_id, status, note, updated_at)
            SELECT @tenant, @search, @lead, @status, @note, @at
            WHERE EXISTS (SELECT 1 FROM {s}.businesses WHERE tenant_id = @tenant AND search_id = @search AND id = @lead)
               OR EXISTS (SELECT 1 FROM {s}.decision_makers WHERE tenant_id = @tenant AND search_id = @search AND id = @lead)
            ON CONFLICT (tenant_id, search_id, lead_id) DO UPDATE SET status = excluded.status, note = excluded.note, updated_at = excluded.updated_at
            """), cancellationToken).ConfigureAwait(false);
        var p = command.Parameters;
        p.AddWithValue("tenant", tenantId);
        p.AddWithValue("search", searchId);
        p.AddWithValue("lead", annotation.LeadId);
        p.AddWithValue("status", Db.Status(annotation.Status));
        p.Add(new NpgsqlParameter<string?>("note", NpgsqlDbType.Text) { TypedValue = annotation.Note });
        p.AddWithValue("at", Db.Utc(annotation.UpdatedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LeadAnnotation>> GetAnnotationsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql("""
            SELECT lead_id, status, note, updated_at FROM {s}.lead_annotations WHERE tenant_id = @tenant AND search_id = @search
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        var list = new List<LeadAnnotation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new LeadAnnotation(reader.GetGuid(0), Db.LeadStatus(reader.GetString(1)), NullableString(reader, 2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<SearchCounts> GetCountsAsync(string tenantId, Guid searchId, CancellationToken cancellationToken = default)
    {
        await using var command = await _db.CommandAsync(_db.Sql("""
            SELECT
                (SELECT count(*) FROM {s}.business_personas WHERE tenant_id = s.tenant_id AND search_id = s.id)::int,
                (SELECT count(*) FROM {s}.decision_maker_personas WHERE tenant_id = s.tenant_id AND search_id = s.id)::int,
                (SELECT count(*) FROM {s}.businesses WHERE tenant_id = s.tenant_id AND search_id = s.id)::int,
                (SELECT count(*) FROM {s}.decision_makers WHERE tenant_id = s.tenant_id AND search_id = s.id)::int,
                EXISTS (SELECT 1 FROM {s}.market_reports WHERE tenant_id = s.tenant_id AND search_id = s.id)
            FROM {s}.searches s WHERE s.tenant_id = @tenant AND s.id = @search
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new SearchCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetBoolean(4))
            : SearchCounts.Empty;
    }

    /// <summary>The advisory lock that serializes business writes of one search.</summary>
    internal static long SearchLockKey(Guid searchId)
    {
        Span<byte> bytes = stackalloc byte[16];
        searchId.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]);
    }

    private async Task SavePersonasAsync(string table, string tenantId, Guid searchId, List<(Guid Id, int Rank, string Title, string Json)> personas, CancellationToken cancellationToken)
    {
        var last = new Dictionary<Guid, (int Rank, string Title, string Json)>();
        foreach (var (id, rank, title, json) in personas)
        {
            last[id] = (rank, title, json);
        }

        if (last.Count == 0)
        {
            return;
        }

        await using var command = await _db.CommandAsync(_db.Sql($"""
            INSERT INTO {"{s}"}.{table} (tenant_id, search_id, id, rank, title, persona)
            SELECT s.tenant_id, s.id, p.id, p.rank, p.title, p.persona::jsonb
            FROM {"{s}"}.searches s, unnest(@ids, @ranks, @titles, @personas) AS p(id, rank, title, persona)
            WHERE s.tenant_id = @tenant AND s.id = @search
            ON CONFLICT (tenant_id, search_id, id) DO UPDATE SET rank = excluded.rank, title = excluded.title, persona = excluded.persona
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        command.Parameters.AddWithValue("ids", last.Keys.ToArray());
        command.Parameters.AddWithValue("ranks", last.Values.Select(v => v.Rank).ToArray());
        command.Parameters.AddWithValue("titles", last.Values.Select(v => v.Title).ToArray());
        command.Parameters.AddWithValue("personas", last.Values.Select(v => v.Json).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DecisionMaker ReadDecisionMaker(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        SearchId = reader.GetGuid(1),
        BusinessId = reader.GetGuid(2),
        Name = reader.GetString(3),
        Title = reader.GetString(4),
        Company = reader.GetString(5),
        LinkedInUrl = reader.GetString(6),
        Location = reader.IsDBNull(7) ? null : reader.GetString(7),
        Snippet = reader.IsDBNull(8) ? null : reader.GetString(8),
        Provenance = StorageJson.Deserialize<Provenance>(reader.GetString(9)),
        PersonaMatch = reader.IsDBNull(10) ? null : StorageJson.Deserialize<PersonaMatch>(reader.GetString(10)),
        FoundAt = reader.GetFieldValue<DateTimeOffset>(11),
    };

    /// <summary>Only the results after <paramref name="after"/>: one round trip, each list skipped on the server.</summary>
    public async Task<NewResults> GetResultsAfterAsync(string tenantId, Guid searchId, ResultsCursor after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(after);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        (string, object)[] Scope(int skip) => [("tenant", tenantId), ("search", searchId), ("skip", skip)];
        batch.BatchCommands.Add(Command("SELECT persona::text FROM {s}.business_personas WHERE tenant_id = @tenant AND search_id = @search ORDER BY rank, id OFFSET @skip", Scope(after.BusinessPersonas)));
        batch.BatchCommands.Add(Command("SELECT persona::text FROM {s}.decision_maker_personas WHERE tenant_id = @tenant AND search_id = @search ORDER BY rank, id OFFSET @skip", Scope(after.DecisionMakerPersonas)));
        batch.BatchCommands.Add(Command($"SELECT {BusinessColumns} FROM {"{s}"}.businesses b WHERE b.tenant_id = @tenant AND b.search_id = @search ORDER BY b.seq OFFSET @skip", Scope(after.Businesses)));
        batch.BatchCommands.Add(Command($"SELECT {DecisionMakerColumns} FROM {"{s}"}.decision_makers d WHERE d.tenant_id = @tenant AND d.search_id = @search ORDER BY d.seq OFFSET @skip", Scope(after.DecisionMakers)));
        batch.BatchCommands.Add(Command("SELECT report::text FROM {s}.market_reports WHERE tenant_id = @tenant AND search_id = @search AND NOT @seen", ("tenant", tenantId), ("search", searchId), ("seen", after.MarketReport)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var businessPersonas = new List<BusinessPersona>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            businessPersonas.Add(StorageJson.Deserialize<BusinessPersona>(reader.GetString(0)));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var decisionMakerPersonas = new List<DecisionMakerPersona>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            decisionMakerPersonas.Add(StorageJson.Deserialize<DecisionMakerPersona>(reader.GetString(0)));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var businesses = new List<Business>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            businesses.Add(ReadBusiness(reader));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var decisionMakers = new List<DecisionMaker>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            decisionMakers.Add(ReadDecisionMaker(reader));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var market = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? StorageJson.Deserialize<MarketReport>(reader.GetString(0)) : null;
        return NewResults.After(after, businessPersonas, decisionMakerPersonas, businesses, decisionMakers, market);
    }

    private async Task<IReadOnlyList<T>> GetPersonasAsync<T>(string table, string tenantId, Guid searchId, CancellationToken cancellationToken)
    {
        await using var command = await _db.CommandAsync(_db.Sql($"""
            SELECT persona::text FROM {"{s}"}.{table} WHERE tenant_id = @tenant AND search_id = @search ORDER BY rank, id
            """), cancellationToken).ConfigureAwait(false);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("search", searchId);
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(StorageJson.Deserialize<T>(reader.GetString(0)));
        }

        return list;
    }

    private NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(_db.Sql(sql));
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value is JsonbText jsonb ? jsonb.ToParameter(name) : new NpgsqlParameter(name, value));
        }

        return command;
    }

    private static JsonbText Jsonb(string json) => new(json);

    private static async Task<IReadOnlyList<Business>> ReadBusinessesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<Business>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadBusiness(reader));
        }

        return list;
    }

    private static Business ReadBusiness(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        SearchId = reader.GetGuid(1),
        Name = reader.GetString(2),
        Address = NullableString(reader, 3),
        City = NullableString(reader, 4),
        Country = reader.GetString(5),
        Phone = NullableString(reader, 6),
        Website = NullableString(reader, 7),
        Domain = NullableString(reader, 8),
        Category = NullableString(reader, 9),
        Rating = reader.IsDBNull(10) ? null : reader.GetDouble(10),
        RatingCount = reader.IsDBNull(11) ? null : reader.GetInt32(11),
        PlaceId = NullableString(reader, 12),
        Cid = NullableString(reader, 13),
        Latitude = reader.IsDBNull(14) ? null : reader.GetDouble(14),
        Longitude = reader.IsDBNull(15) ? null : reader.GetDouble(15),
        Provenance = StorageJson.Deserialize<Provenance>(reader.GetString(16)),
        DiscoveredBy = reader.GetString(17),
        PersonaMatch = reader.IsDBNull(18) ? null : StorageJson.Deserialize<PersonaMatch>(reader.GetString(18)),
        DecisionMakersSearched = reader.GetBoolean(19),
        FoundAt = reader.GetFieldValue<DateTimeOffset>(20),
        Types = StorageJson.Deserialize<List<string>>(reader.GetString(21)),
        AlsoFoundBy = StorageJson.Deserialize<List<Provenance>>(reader.GetString(22)),
        Fit = reader.IsDBNull(23) ? null : StorageJson.Deserialize<BusinessFit>(reader.GetString(23)),
    };

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static LeadSearch ReadSearch(NpgsqlDataReader reader) => new()
    {
        TenantId = reader.GetString(0),
        Id = reader.GetGuid(1),
        SearchType = reader.GetString(2) == "supplier" ? SearchType.Supplier : SearchType.Customer,
        ProductService = reader.GetString(3),
        Industries = reader.GetFieldValue<string[]>(4),
        Countries = reader.GetFieldValue<string[]>(5),
        Limits = StorageJson.Deserialize<SearchLimits>(reader.GetString(6)),
        Status = Db.Status(reader.GetString(7)),
        Error = reader.IsDBNull(8) ? null : reader.GetString(8),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(9),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(10),
        CompletedAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
    };

    private sealed record JsonbText(string Json)
    {
        public NpgsqlParameter ToParameter(string name) => new(name, NpgsqlDbType.Jsonb) { Value = Json };
    }

    /// <summary>A business as a <c>jsonb_to_recordset</c> row; nested documents travel as JSON text.</summary>
    private sealed record BusinessRow(
        int Ordinal, Guid Id, string Name, string? Address, string? City, string Country, string? Phone, string? Website, string? Domain,
        string? Category, double? Rating, int? RatingCount, string? PlaceId, string? Cid, double? Latitude, double? Longitude,
        string Provenance, string DiscoveredBy, string? PersonaMatch, bool DecisionMakersSearched, DateTimeOffset FoundAt,
        string Types, string AlsoFoundBy, string? Fit)
    {
        public const string RecordDefinition = "ordinal int, id uuid, name text, address text, city text, country text, phone text, website text, domain text, " +
            "category text, rating double precision, rating_count int, place_id text, cid text, latitude double precision, longitude double precision, " +
            "provenance text, discovered_by text, persona_match text, decision_makers_searched boolean, found_at timestamptz, " +
            "types text, also_found_by text, fit text";

        public static BusinessRow From(Business b, int ordinal) => new(
            ordinal, b.Id, b.Name, b.Address, b.City, b.Country, b.Phone, b.Website, b.Domain, b.Category, b.Rating, b.RatingCount, b.PlaceId, b.Cid,
            b.Latitude, b.Longitude, StorageJson.Serialize(b.Provenance), b.DiscoveredBy, b.PersonaMatch is null ? null : StorageJson.Serialize(b.PersonaMatch),
            b.DecisionMakersSearched, Db.Utc(b.FoundAt),
            StorageJson.Serialize(b.Types), StorageJson.Serialize(b.AlsoFoundBy), b.Fit is null ? null : StorageJson.Serialize(b.Fit));
    }

    /// <summary>A decision maker as a <c>jsonb_to_recordset</c> row.</summary>
    private sealed record DecisionMakerRow(
        int Ordinal, Guid Id, string ProfileKey, Guid BusinessId, string Name, string Title, string Company, string LinkedinUrl, string? Location,
        string? Snippet, string Provenance, string? PersonaMatch, DateTimeOffset FoundAt)
    {
        public const string RecordDefinition = "ordinal int, id uuid, profile_key text, business_id uuid, name text, title text, company text, linkedin_url text, " +
            "location text, snippet text, provenance text, persona_match text, found_at timestamptz";

        public static DecisionMakerRow From(DecisionMaker d, string key, int ordinal) => new(
            ordinal, d.Id, key, d.BusinessId, d.Name, d.Title, d.Company, d.LinkedInUrl, d.Location, d.Snippet, StorageJson.Serialize(d.Provenance),
            d.PersonaMatch is null ? null : StorageJson.Serialize(d.PersonaMatch), Db.Utc(d.FoundAt));
    }
}
