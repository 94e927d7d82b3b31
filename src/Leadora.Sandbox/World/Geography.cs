using System.Collections.Frozen;

namespace Leadora.Sandbox.World;

/// <summary>Naming style for businesses and people.</summary>
internal enum NameStyle
{
    Generic,
    Arab,
    Anglo,
    German,
    French,
    Spanish,
    Portuguese,
    Italian,
    Dutch,
    Indian,
    Japanese,
    Chinese,
    African,
}

/// <summary>A real city with its approximate coordinates and the local phone area code.</summary>
internal sealed record City(string Name, double Latitude, double Longitude, string Area, string? State = null);

/// <summary>How a country's synthetic addresses, phones and names look.</summary>
internal sealed record CountryProfile(
    string Code,
    string Name,
    string CallingCode,
    NameStyle Style,
    IReadOnlyList<City> Cities,
    string AddressPattern,
    string PostcodePattern,
    bool NationalTrunkZero)
{
    /// <summary>Whether the country has a real city list (otherwise addresses use the country name only).</summary>
    public bool HasCities => Cities.Count > 0;
}

/// <summary>
/// Countries the world knows in detail (real city names and coordinates, local address and phone formats) and a
/// fallback for every other ISO 3166 code.
/// </summary>
internal static class Geography
{
    // Address placeholders: {num} house number, {street}, {district}, {city}, {state}, {post}, {country}.
    private const string GulfAddress = "{street}, {district}, {city} {post}, {country}";
    private const string EuroAddress = "{street} {num}, {post} {city}, {country}";
    private const string AngloAddress = "{num} {street}, {city}, {state} {post}";
    private const string GenericAddress = "{num} {street}, {district}, {city} {post}, {country}";

    private static readonly FrozenDictionary<string, CountryProfile> Profiles = Build().ToFrozenDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, NameStyle> ExtraStyles = new Dictionary<string, NameStyle>(StringComparer.OrdinalIgnoreCase)
    {
        ["JO"] = NameStyle.Arab, ["LB"] = NameStyle.Arab, ["IQ"] = NameStyle.Arab, ["MA"] = NameStyle.Arab, ["DZ"] = NameStyle.Arab,
        ["TN"] = NameStyle.Arab, ["LY"] = NameStyle.Arab, ["YE"] = NameStyle.Arab, ["SY"] = NameStyle.Arab, ["PS"] = NameStyle.Arab,
        ["NZ"] = NameStyle.Anglo, ["IE"] = NameStyle.Anglo, ["AT"] = NameStyle.German, ["CH"] = NameStyle.German, ["LI"] = NameStyle.German,
        ["BE"] = NameStyle.French, ["LU"] = NameStyle.French, ["MC"] = NameStyle.French, ["AR"] = NameStyle.Spanish, ["CO"] = NameStyle.Spanish,
        ["CL"] = NameStyle.Spanish, ["PE"] = NameStyle.Spanish, ["EC"] = NameStyle.Spanish, ["UY"] = NameStyle.Spanish, ["VE"] = NameStyle.Spanish,
        ["PT"] = NameStyle.Portuguese, ["AO"] = NameStyle.Portuguese, ["MZ"] = NameStyle.Portuguese, ["SM"] = NameStyle.Italian,
        ["TW"] = NameStyle.Chinese, ["HK"] = NameStyle.Chinese, ["MO"] = NameStyle.Chinese, ["GH"] = NameStyle.African, ["TZ"] = NameStyle.African,
        ["UG"] = NameStyle.African, ["RW"] = NameStyle.African, ["ET"] = NameStyle.African, ["PK"] = NameStyle.Indian, ["BD"] = NameStyle.Indian,
        ["LK"] = NameStyle.Indian, ["NP"] = NameStyle.Indian,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The profile of a country code; unknown but valid ISO codes get a generic, city-less profile.</summary>
    public static CountryProfile For(string? code)
    {
        var normalized = string.IsNullOrWhiteSpace(code) ? "US" : code.Trim().ToUpperInvariant();
        if (Profiles.TryGetValue(normalized, out var profile))
        {
            return profile;
        }

        var country = Countries.TryResolve(normalized, out var known) ? known : new Country(normalized, normalized, "999");
        var style = ExtraStyles.TryGetValue(country.Code, out var extra) ? extra : NameStyle.Generic;
        return new CountryProfile(country.Code, country.Name, country.CallingCode, style, [], "Plot {num}, {street}, {district}, {country}", "", true);
    }

    /// <summary>Codes with a detailed profile.</summary>
    public static IEnumerable<string> DetailedCodes => Profiles.Keys;

    private static IEnumerable<CountryProfile> Build()
    {
        yield return new("SA", "Saudi Arabia", "966", NameStyle.Arab,
        [
            new("Riyadh", 24.7136, 46.6753, "11"), new("Jeddah", 21.4858, 39.1925, "12"), new("Dammam", 26.4207, 50.0888, "13"),
            new("Jubail", 27.0046, 49.6460, "13"), new("Yanbu", 24.0895, 38.0618, "14"), new("Al Khobar", 26.2172, 50.1971, "13"),
        ], GulfAddress, "#####", true);
        yield return new("AE", "United Arab Emirates", "971", NameStyle.Arab,
        [
            new("Dubai", 25.2048, 55.2708, "4"), new("Abu Dhabi", 24.4539, 54.3773, "2"), new("Sharjah", 25.3463, 55.4209, "6"),
            new("Ruwais", 24.1103, 52.7306, "2"), new("Fujairah", 25.1288, 56.3265, "9"),
        ], "{street}, {district}, {city}, {country}", "", true);
        yield return new("QA", "Qatar", "974", NameStyle.Arab,
        [
            new("Doha", 25.2854, 51.5310, "44"), new("Mesaieed", 24.9900, 51.5500, "44"), new("Ras Laffan", 25.9000, 51.5500, "44"), new("Al Wakrah", 25.1659, 51.6038, "44"),
        ], "{street}, {district}, {city}, {country}", "", false);
        yield return new("KW", "Kuwait", "965", NameStyle.Arab,
        [
            new("Kuwait City", 29.3759, 47.9774, "22"), new("Ahmadi", 29.0769, 48.0839, "23"), new("Shuwaikh", 29.3500, 47.9333, "24"), new("Jahra", 29.3375, 47.6581, "24"),
        ], GulfAddress, "#####", false);
        yield return new("OM", "Oman", "968", NameStyle.Arab,
        [
            new("Muscat", 23.5880, 58.3829, "24"), new("Sohar", 24.3476, 56.7299, "26"), new("Salalah", 17.0151, 54.0924, "23"), new("Duqm", 19.6500, 57.7000, "25"),
        ], GulfAddress, "###", false);
        yield return new("BH", "Bahrain", "973", NameStyle.Arab,
        [
            new("Manama", 26.2285, 50.5860, "17"), new("Sitra", 26.1547, 50.6206, "17"), new("Muharraq", 26.2572, 50.6119, "17"), new("Riffa", 26.1300, 50.5550, "17"),
        ], "{street}, {district}, {city}, {country}", "", false);
        yield return new("EG", "Egypt", "20", NameStyle.Arab,
        [
            new("Cairo", 30.0444, 31.2357, "2"), new("Alexandria", 31.2001, 29.9187, "3"), new("Suez", 29.9668, 32.5498, "62"),
            new("Port Said", 31.2653, 32.3019, "66"), new("10th of Ramadan City", 30.2924, 31.7430, "15"),
        ], GenericAddress, "#####", true);
        yield return new("US", "United States", "1", NameStyle.Anglo,
        [
            new("Houston", 29.7604, -95.3698, "713", "TX"), new("Chicago", 41.8781, -87.6298, "312", "IL"), new("Los Angeles", 34.0522, -118.2437, "213", "CA"),
            new("Baton Rouge", 30.4515, -91.1871, "225", "LA"), new("Pittsburgh", 40.4406, -79.9959, "412", "PA"), new("Atlanta", 33.7490, -84.3880, "404", "GA"),
        ], AngloAddress, "#####", false);
        yield return new("GB", "United Kingdom", "44", NameStyle.Anglo,
        [
            new("London", 51.5074, -0.1278, "20"), new("Manchester", 53.4808, -2.2426, "161"), new("Birmingham", 52.4862, -1.8904, "121"),
            new("Middlesbrough", 54.5742, -1.2350, "1632"), new("Aberdeen", 57.1497, -2.0943, "1632"), new("Glasgow", 55.8642, -4.2518, "141"),
        ], "{num} {street}, {city} {post}, {country}", "@# #@@", true);
        yield return new("DE", "Germany", "49", NameStyle.German,
        [
            new("Berlin", 52.5200, 13.4050, "30"), new("Hamburg", 53.5511, 9.9937, "40"), new("Munich", 48.1351, 11.5820, "89"),
            new("Frankfurt am Main", 50.1109, 8.6821, "69"), new("Ludwigshafen", 49.4774, 8.4452, "621"), new("Cologne", 50.9375, 6.9603, "221"),
        ], EuroAddress, "#####", true);
        yield return new("FR", "France", "33", NameStyle.French,
        [
            new("Paris", 48.8566, 2.3522, "1"), new("Lyon", 45.7640, 4.8357, "4"), new("Marseille", 43.2965, 5.3698, "4"),
            new("Lille", 50.6292, 3.0573, "3"), new("Le Havre", 49.4944, 0.1079, "2"), new("Toulouse", 43.6047, 1.4442, "5"),
        ], "{num} {street}, {post} {city}, {country}", "#####", true);
        yield return new("IN", "India", "91", NameStyle.Indian,
        [
            new("Mumbai", 19.0760, 72.8777, "22", "Maharashtra"), new("New Delhi", 28.6139, 77.2090, "11", "Delhi"), new("Chennai", 13.0827, 80.2707, "44", "Tamil Nadu"),
            new("Ahmedabad", 23.0225, 72.5714, "79", "Gujarat"), new("Bengaluru", 12.9716, 77.5946, "80", "Karnataka"), new("Vadodara", 22.3072, 73.1812, "265", "Gujarat"),
        ], "{num}, {street}, {district}, {city}, {state} {post}, {country}", "######", true);
        yield return new("CA", "Canada", "1", NameStyle.Anglo,
        [
            new("Toronto", 43.6532, -79.3832, "416", "ON"), new("Calgary", 51.0447, -114.0719, "403", "AB"), new("Edmonton", 53.5461, -113.4938, "780", "AB"),
            new("Montreal", 45.5017, -73.5673, "514", "QC"), new("Vancouver", 49.2827, -123.1207, "604", "BC"), new("Sarnia", 42.9745, -82.4066, "519", "ON"),
        ], AngloAddress, "@#@ #@#", false);
        yield return new("AU", "Australia", "61", NameStyle.Anglo,
        [
            new("Sydney", -33.8688, 151.2093, "2", "NSW"), new("Melbourne", -37.8136, 144.9631, "3", "VIC"), new("Brisbane", -27.4698, 153.0251, "7", "QLD"),
            new("Perth", -31.9505, 115.8605, "8", "WA"), new("Adelaide", -34.9285, 138.6007, "8", "SA"),
        ], "{num} {street}, {district} {state} {post}, {country}", "####", true);
        yield return new("NL", "Netherlands", "31", NameStyle.Dutch,
        [
            new("Amsterdam", 52.3676, 4.9041, "20"), new("Rotterdam", 51.9244, 4.4777, "10"), new("Eindhoven", 51.4416, 5.4697, "40"),
            new("Utrecht", 52.0907, 5.1214, "30"), new("Geleen", 50.9740, 5.8270, "46"),
        ], EuroAddress, "#### @@", true);
        yield return new("ES", "Spain", "34", NameStyle.Spanish,
        [
            new("Madrid", 40.4168, -3.7038, "91"), new("Barcelona", 41.3874, 2.1686, "93"), new("Tarragona", 41.1189, 1.2445, "977"),
            new("Valencia", 39.4699, -0.3763, "96"), new("Bilbao", 43.2630, -2.9350, "94"),
        ], "{street}, {num}, {post} {city}, {country}", "#####", false);
        yield return new("IT", "Italy", "39", NameStyle.Italian,
        [
            new("Milan", 45.4642, 9.1900, "02"), new("Rome", 41.9028, 12.4964, "06"), new("Turin", 45.0703, 7.6869, "011"),
            new("Naples", 40.8518, 14.2681, "081"), new("Ravenna", 44.4184, 12.2035, "0544"),
        ], "{street}, {num}, {post} {city}, {country}", "#####", false);
        yield return new("BR", "Brazil", "55", NameStyle.Portuguese,
        [
            new("São Paulo", -23.5505, -46.6333, "11", "SP"), new("Rio de Janeiro", -22.9068, -43.1729, "21", "RJ"), new("Camaçari", -12.6996, -38.3263, "71", "BA"),
            new("Belo Horizonte", -19.9167, -43.9345, "31", "MG"), new("Porto Alegre", -30.0346, -51.2177, "51", "RS"),
        ], "{street}, {num} - {district}, {city} - {state}, {post}, {country}", "#####-###", true);
        yield return new("MX", "Mexico", "52", NameStyle.Spanish,
        [
            new("Mexico City", 19.4326, -99.1332, "55", "CDMX"), new("Monterrey", 25.6866, -100.3161, "81", "N.L."), new("Guadalajara", 20.6597, -103.3496, "33", "Jal."),
            new("Coatzacoalcos", 18.1345, -94.4590, "921", "Ver."), new("Puebla", 19.0414, -98.2063, "222", "Pue."),
        ], "{street} {num}, {district}, {post} {city}, {state}, {country}", "#####", false);
        yield return new("ZA", "South Africa", "27", NameStyle.Anglo,
        [
            new("Johannesburg", -26.2041, 28.0473, "11"), new("Cape Town", -33.9249, 18.4241, "21"), new("Durban", -29.8587, 31.0218, "31"),
            new("Secunda", -26.5160, 29.1700, "17"), new("Pretoria", -25.7479, 28.2293, "12"),
        ], "{num} {street}, {district}, {city}, {post}, {country}", "####", true);
        yield return new("NG", "Nigeria", "234", NameStyle.African,
        [
            new("Lagos", 6.5244, 3.3792, "1"), new("Abuja", 9.0765, 7.3986, "9"), new("Port Harcourt", 4.8156, 7.0498, "84"),
            new("Kano", 12.0022, 8.5920, "64"), new("Warri", 5.5167, 5.7500, "53"),
        ], "{num} {street}, {district}, {city}, {country}", "", true);
        yield return new("KE", "Kenya", "254", NameStyle.African,
        [
            new("Nairobi", -1.2921, 36.8219, "20"), new("Mombasa", -4.0435, 39.6682, "41"), new("Kisumu", -0.0917, 34.7680, "57"), new("Nakuru", -0.3031, 36.0800, "51"),
        ], "{street}, {district}, {city}, {country}", "", true);
        yield return new("SG", "Singapore", "65", NameStyle.Chinese,
        [
            new("Singapore", 1.3521, 103.8198, "6"), new("Jurong Island", 1.2660, 103.6990, "6"), new("Tuas", 1.3200, 103.6500, "6"), new("Woodlands", 1.4382, 103.7890, "6"),
        ], "{num} {street}, {city} {post}", "######", false);
        yield return new("JP", "Japan", "81", NameStyle.Japanese,
        [
            new("Tokyo", 35.6762, 139.6503, "3"), new("Osaka", 34.6937, 135.5023, "6"), new("Yokohama", 35.4437, 139.6380, "45"),
            new("Kawasaki", 35.5308, 139.7029, "44"), new("Nagoya", 35.1815, 136.9066, "52"), new("Yokkaichi", 34.9650, 136.6240, "59"),
        ], "{num} {street}, {district}, {city} {post}, {country}", "###-####", true);
        yield return new("CN", "China", "86", NameStyle.Chinese,
        [
            new("Shanghai", 31.2304, 121.4737, "21"), new("Beijing", 39.9042, 116.4074, "10"), new("Guangzhou", 23.1291, 113.2644, "20"),
            new("Shenzhen", 22.5431, 114.0579, "755"), new("Tianjin", 39.3434, 117.3616, "22"), new("Ningbo", 29.8683, 121.5440, "574"),
        ], "{num} {street}, {district}, {city}, {country} {post}", "######", true);
    }
}
