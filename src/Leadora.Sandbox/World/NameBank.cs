using System.Collections.Frozen;

namespace Leadora.Sandbox.World;

/// <summary>Vocabulary for synthetic names, streets and districts, per <see cref="NameStyle"/>. Made-up place words, not brands.</summary>
internal sealed record StyleVocabulary(
    IReadOnlyList<string> BusinessPrefixes,
    IReadOnlyList<string> LegalSuffixes,
    IReadOnlyList<string> Streets,
    IReadOnlyList<string> Districts,
    IReadOnlyList<string> FirstNames,
    IReadOnlyList<string> LastNames);

internal static class NameBank
{
    private static readonly FrozenDictionary<NameStyle, StyleVocabulary> Vocabularies = new Dictionary<NameStyle, StyleVocabulary>
    {
        [NameStyle.Arab] = new(
            ["Najd", "Tihama", "Al Waha", "Al Safwa", "Al Manar", "Al Noor", "Sahra", "Qimam", "Falak", "Marjan", "Durrah", "Al Bayan", "Sadeem", "Al Reef", "Wadi Qamar", "Al Hadaf", "Nakheel Crest", "Al Sarawat"],
            ["Co.", "Services", "Industries", "Trading & Contracting", "Est.", "Group", "Company", "LLC"],
            ["King Fahd Rd", "Prince Sultan St", "King Abdulaziz Rd", "Al Madinah Rd", "Industrial Rd 112", "Al Khaleej Rd", "Sheikh Zayed Rd", "Corniche Rd", "Al Nahda St", "Street 24"],
            ["Al Olaya", "Industrial Area 2", "Al Faisaliyah", "Second Industrial City", "Al Shati", "Al Rawdah", "Free Zone", "Al Aziziyah", "Al Murooj", "Port District"],
            ["Faisal", "Abdullah", "Khalid", "Omar", "Yousef", "Saad", "Fahad", "Noura", "Reem", "Sara", "Lama", "Hessa", "Majed", "Turki", "Nasser", "Huda"],
            ["Al-Harbi", "Al-Qahtani", "Al-Otaibi", "Al-Dosari", "Al-Ghamdi", "Al-Shehri", "Al-Mutairi", "Al-Zahrani", "Al-Anazi", "Al-Shammari", "Haddad", "Khoury", "Mansour"]),
        [NameStyle.Anglo] = new(
            ["Harbor Point", "Redwood", "Ironbridge", "Bluewater", "Summit Ridge", "Cedar Valley", "Northgate", "Silver Creek", "Lakeshore", "Granite Peak", "Westfield", "Eastbrook", "Oakmont", "Riverbend", "Stonehaven", "Copperfield"],
            ["Inc.", "LLC", "Ltd", "Co.", "Group", "Solutions", "Works", "Partners"],
            ["Industrial Pkwy", "Commerce Dr", "Main St", "Harbor Rd", "Refinery Rd", "Enterprise Way", "Station St", "Mill Ln", "Park Ave", "Dock St"],
            ["Port Industrial Estate", "Riverside", "Eastside", "Business Park", "Westgate", "Northfield", "Canal District", "Midtown"],
            ["James", "Emily", "Michael", "Sarah", "David", "Laura", "Daniel", "Rachel", "Andrew", "Megan", "Chris", "Olivia", "Thomas", "Hannah"],
            ["Carter", "Bennett", "Hughes", "Foster", "Palmer", "Reynolds", "Mitchell", "Turner", "Brooks", "Sullivan", "Hayes", "Porter", "Whitaker", "Lawson"]),
        [NameStyle.German] = new(
            ["Rheintal", "Nordhafen", "Elbufer", "Isartal", "Schwarzwald", "Mainblick", "Weserland", "Spreewald", "Taunus", "Harzberg", "Lindenhof", "Sonnenfeld"],
            ["GmbH", "AG", "GmbH & Co. KG", "Werke GmbH"],
            ["Industriestraße", "Hafenstraße", "Werkstraße", "Chemiestraße", "Am Rheinufer", "Gewerbering", "Bahnhofstraße", "Lindenallee"],
            ["Industriegebiet Nord", "Hafen", "Gewerbepark Süd", "Altstadt", "Chemiepark"],
            ["Jonas", "Lena", "Felix", "Anna", "Lukas", "Sophie", "Maximilian", "Laura", "Tobias", "Katharina", "Jan", "Miriam"],
            ["Becker", "Hoffmann", "Schulz", "Wagner", "Richter", "Krüger", "Neumann", "Schmitt", "Wolf", "Braun", "Keller", "Vogel"]),
        [NameStyle.French] = new(
            ["Val d'Azur", "Côte d'Opale", "Bel Horizon", "Trois Rivières", "Mont Clair", "Pré Vert", "Haute Rive", "Belle Source", "Grand Large", "Clair Matin"],
            ["SAS", "S.A.", "SARL", "Groupe"],
            ["Rue de l'Industrie", "Avenue du Port", "Boulevard des Usines", "Rue des Chimistes", "Quai de la Seine", "Chemin des Ateliers"],
            ["Zone Industrielle", "Zone Portuaire", "Parc d'Activités", "Centre"],
            ["Julien", "Camille", "Antoine", "Claire", "Mathieu", "Élodie", "Nicolas", "Manon", "Hugo", "Chloé"],
            ["Lefèvre", "Moreau", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Mercier", "Garnier"]),
        [NameStyle.Spanish] = new(
            ["Sierra Azul", "Valle Verde", "Río Claro", "Costa Dorada", "Puerta Norte", "Monte Alto", "Llano Grande", "Brisa Marina", "Cerro Blanco", "Vía Láctea"],
            ["S.A.", "S.L.", "S.A. de C.V.", "Grupo"],
            ["Calle de la Industria", "Avenida del Puerto", "Polígono Sur", "Calle Mayor", "Avenida Reforma", "Carretera Nacional"],
            ["Polígono Industrial", "Zona Franca", "Parque Industrial", "Centro"],
            ["Javier", "Lucía", "Alejandro", "Carmen", "Diego", "Marta", "Pablo", "Elena", "Sergio", "Paula"],
            ["García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro", "Torres", "Ruiz", "Castillo"]),
        [NameStyle.Portuguese] = new(
            ["Serra Azul", "Vale Verde", "Rio Claro", "Boa Vista", "Costa Dourada", "Nova Aurora", "Ponte Alta", "Mar Aberto", "Campo Largo", "Pedra Branca"],
            ["Ltda.", "S.A.", "Indústria Ltda.", "Grupo"],
            ["Rua da Indústria", "Avenida do Porto", "Rodovia BR-101", "Rua das Fábricas", "Avenida Central", "Estrada do Polo"],
            ["Polo Industrial", "Distrito Industrial", "Centro", "Zona Portuária"],
            ["João", "Ana", "Pedro", "Beatriz", "Lucas", "Mariana", "Rafael", "Camila", "Gustavo", "Larissa"],
            ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira", "Ribeiro", "Carvalho"]),
        [NameStyle.Italian] = new(
            ["Valle d'Oro", "Adriatica", "Lago Blu", "Colli Verdi", "Ponte Nuovo", "Stella Polare", "Monte Chiaro", "Riva Alta", "Porta Sole", "Vento Forte"],
            ["S.p.A.", "S.r.l.", "Industrie S.p.A.", "Gruppo"],
            ["Via dell'Industria", "Via del Porto", "Viale Europa", "Via delle Officine", "Strada Statale 16", "Via Roma"],
            ["Zona Industriale", "Area Portuale", "Centro", "Polo Chimico"],
            ["Marco", "Giulia", "Luca", "Francesca", "Matteo", "Chiara", "Alessandro", "Sara", "Davide", "Elisa"],
            ["Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Conti", "Gallo", "Fontana"]),
        [NameStyle.Dutch] = new(
            ["Zeehaven", "Polderland", "Noordkust", "Deltaweg", "Duinrand", "Maasoever", "Windhoek", "Lindendal", "Waterrijk", "Groenpoort"],
            ["B.V.", "N.V.", "Groep B.V.", "Industrie B.V."],
            ["Havenweg", "Industrieweg", "Europaweg", "Botlekweg", "Chemieweg", "Kanaaldijk"],
            ["Haven", "Industrieterrein", "Centrum", "Bedrijvenpark"],
            ["Daan", "Sanne", "Bram", "Lotte", "Ruben", "Eva", "Thijs", "Femke", "Jeroen", "Iris"],
            ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos"]),
        [NameStyle.Indian] = new(
            ["Sahyadri", "Narmada", "Deccan", "Kaveri", "Aravalli", "Konkan", "Vindhya", "Nilgiri", "Godavari", "Malabar", "Satpura", "Chambal"],
            ["Pvt Ltd", "Ltd", "Industries", "Enterprises", "Private Limited"],
            ["MIDC Road", "GIDC Estate Rd", "Ring Road", "Station Road", "Industrial Estate Rd", "Port Road"],
            ["MIDC Industrial Area", "GIDC Estate", "SIPCOT Industrial Park", "Phase II", "Sector 18"],
            ["Rahul", "Priya", "Arjun", "Ananya", "Vikram", "Sneha", "Rohan", "Kavya", "Amit", "Neha", "Sanjay", "Pooja"],
            ["Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Desai", "Mehta", "Rao", "Kulkarni", "Joshi", "Menon"]),
        [NameStyle.Japanese] = new(
            ["Sakura", "Hoshino", "Aozora", "Kitakaze", "Minato", "Takumi", "Hikari", "Yamabuki", "Shiokaze", "Kawasemi"],
            ["Co., Ltd.", "K.K.", "Industries Co., Ltd.", "Corporation"],
            ["Minato-dori", "Kaigan-dori", "Chuo-dori", "Kogyo-dori", "Rinkai-dori"],
            ["Rinkai Industrial Zone", "Chuo-ku", "Minato-ku", "Kogyo Danchi"],
            ["Haruto", "Yui", "Sota", "Aoi", "Ren", "Hina", "Takumi", "Sakura", "Kenji", "Mai"],
            ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato"]),
        [NameStyle.Chinese] = new(
            ["Jinhai", "Longsheng", "Hengtai", "Xinghua", "Ruifeng", "Tianyuan", "Haixin", "Yuanda", "Zhongxing", "Baoli"],
            ["Co., Ltd.", "Group Co., Ltd.", "Industrial Co., Ltd.", "Pte. Ltd."],
            ["Gangkou Road", "Huagong Road", "Jinqiao Road", "Binhai Avenue", "Kaifa Road", "Jurong Pier Rd"],
            ["Economic Development Zone", "Chemical Industry Park", "Free Trade Zone", "Binhai New Area"],
            ["Wei", "Li Na", "Jun", "Xiu Ying", "Hao", "Mei", "Chen Yu", "Lei", "Ming", "Yan"],
            ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Zhou", "Wu"]),
        [NameStyle.African] = new(
            ["Savanna", "Kilima", "Baobab", "Rift Valley", "Great Lakes", "Sahel Star", "Acacia", "Jacaranda", "Delta Crest", "Sunrise Coast"],
            ["Ltd", "Limited", "PLC", "Nigeria Ltd", "Group"],
            ["Industrial Avenue", "Trans-Amadi Rd", "Mombasa Rd", "Apapa Rd", "Enterprise Rd", "Harbour Rd"],
            ["Industrial Area", "Trans-Amadi", "Apapa", "Export Processing Zone", "Central Business District"],
            ["Chinedu", "Amaka", "Tunde", "Ngozi", "Kwame", "Wanjiru", "Otieno", "Achieng", "Emeka", "Funmi", "Baraka", "Zawadi"],
            ["Okafor", "Adeyemi", "Mwangi", "Ochieng", "Balogun", "Kamau", "Eze", "Njoroge", "Okonkwo", "Wafula"]),
        [NameStyle.Generic] = new(
            ["Meridian", "Horizon", "Crescent", "Apex", "Summit", "Vertex", "Northstar", "Evergreen", "Bluecrest", "Silverline", "Keystone", "Brightwater"],
            ["Ltd", "Group", "Co.", "Holdings", "Industries"],
            ["Industrial Avenue", "Harbour Road", "Main Road", "Enterprise Street", "Factory Lane", "Port Road"],
            ["Industrial Zone", "Free Zone", "Business District", "Port Area"],
            ["Alex", "Maria", "Daniel", "Sofia", "Adam", "Elena", "Samuel", "Nina", "Victor", "Irina"],
            ["Novak", "Petrov", "Horvat", "Kowalski", "Andersen", "Ivanova", "Costa", "Weber", "Nowak", "Popescu"]),
    }.ToFrozenDictionary();

    public static StyleVocabulary For(NameStyle style) => Vocabularies[style];

    /// <summary>Legal suffixes to drop when building a website slug.</summary>
    public static bool IsLegalWord(string foldedWord) => foldedWord is "co" or "inc" or "llc" or "ltd" or "gmbh" or "ag" or "kg" or "sa" or "sas" or "sarl"
        or "sl" or "de" or "cv" or "spa" or "srl" or "bv" or "nv" or "pvt" or "private" or "limited" or "plc" or "kk" or "pte" or "ltda" or "est" or "corporation";
}

/// <summary>Fictional phone numbers: recognisably fictional subscriber ranges (555 xxxx, NANP 555-01xx, Ofcom's drama ranges, ACMA's 5550 xxxx).</summary>
internal static class Phones
{
    /// <summary>International and national forms of a fictional number for a city.</summary>
    public static (string International, string National) Make(CountryProfile country, City? city, int subscriber)
    {
        var area = city?.Area ?? "2";
        var last2 = (subscriber % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        var last3 = (subscriber % 1000).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
        var last4 = (subscriber % 10000).ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
        switch (country.Code)
        {
            case "US" or "CA":
                return ($"+1 {area}-555-01{last2}", $"({area}) 555-01{last2}");
            case "GB" when area == "20":
                return ($"+44 20 7946 0{last3}", $"020 7946 0{last3}");
            case "GB" when area == "1632":
                return ($"+44 1632 960{last3}", $"01632 960{last3}");
            case "GB":
                return ($"+44 {area} 496 0{last3}", $"0{area} 496 0{last3}");
            case "AU":
                return ($"+61 {area} 5550 {last4}", $"(0{area}) 5550 {last4}");
            case "SG":
                return ($"+65 6555 {last4}", $"6555 {last4}");
            default:
                var trimmedArea = area.TrimStart('0');
                var national = country.NationalTrunkZero ? $"0{trimmedArea} 555 {last4}" : $"{area} 555 {last4}";
                return ($"+{country.CallingCode} {trimmedArea} 555 {last4}", national);
        }
    }
}
