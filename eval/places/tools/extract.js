// Pull place rows out of captured responses, with their source, into one JSON list.
const { execSync } = require('child_process');
const M = '/work/.mirror/';
function show(repo, commit, path) { return execSync(`git -C ${M}${repo}/repo show ${commit}:'${path}'`, { maxBuffer: 1 << 26 }).toString(); }
function evalObj(text) {
  // strip leading assignment / export and trailing semicolon; evaluate as a JS expression
  let t = text.replace(/^\uFEFF/, '');
  const i = t.search(/[\[{]/);
  t = t.slice(i);
  return Function('"use strict"; return (' + t.replace(/;\s*$/s, '').replace(/;\s*(export|module)[\s\S]*$/, '') + ')')();
}
const out = [];
function add(src, rows, map) { rows.forEach((r, i) => out.push(Object.assign({ source: src, index: i }, map(r)))); }
const legacy = r => ({ provider: 'google_places_legacy', name: r.name, address: r.formatted_address || r.vicinity || null, types: r.types || [], category: null, place_id: r.place_id, rating: r.rating ?? null, rating_count: r.user_ratings_total ?? null });
const G = 'googlemaps+google-maps-services-java', GC = '673b3b369c90ccd4d804f1cf5df0f48a6b84fc7c', GP = 'src/test/resources/com/google/maps/';
for (const f of ['PlacesApiPizzaInNewYorkResponse', 'PlacesApiNearbySearchRequestByKeywordResponse', 'PlacesApiNearbySearchRequestByNameResponse', 'PlacesApiNearbySearchRequestByTypeResponse']) {
  const d = JSON.parse(show(G, GC, GP + f + '.json'));
  add({ repo: 'googlemaps/google-maps-services-java', commit: GC, path: GP + f + '.json' }, d.results, legacy);
}
function jsmod(text) {
  const t = text.replace(/export\s+const\s+(\w+)\s*=/g, 'exports.$1 =').replace(/module\.exports\s*=.*/, '').replace(/^(const|var|let)\s+(\w+)\s*=/m, 'exports.$2 =');
  const exports = {}; Function('exports', t)(exports); return exports;
}
function jsfile(repo, commit, path, pick) {
  const d = jsmod(show(repo.replace('/', '+'), commit, path));
  add({ repo, commit, path }, pick(d), legacy);
}
// Dart fixture: JSON inside """ ... """
{
  const repo = 'tasaquino/parking_app', c = '224d63140fc7da1744038ed2790bd089d81d0107', p = 'test/features/places/fixtures.dart';
  const t = show('tasaquino+parking_app', c, p); const m = t.match(/"""([\s\S]*?)"""/);
  add({ repo, commit: c, path: p }, JSON.parse(m[1]).results, legacy);
}
jsfile('jeffreychuc/Link-Frontend', '8521d272328ced85cfb904166297df8098990db9', 'frontend/components/data.js', d => [...d.shelterData, ...d.foodData, ...d.clinicData]);
jsfile('jerryxu9/Foodo', 'a4796b8325c0f4b61eb12995612127d402df0740', 'backend/utils/textSearchResult.js', d => d.example_text_search_result);
jsfile('barosa19/marvelous-rental', 'cd094307834693109831af0ac493e2832977a747', 'assets/js/googleMapData.js', d => d.googleTempOBJ);
// Serper /maps, fenced json in SKILL.md
{
  const repo = 'rizkijanuarr/katakanpeta', c = '31db5d06bc9b5f059ef1dd9a74ee3e0367ef07fd', p = '.ai/SKILL.md';
  const t = show('rizkijanuarr+katakanpeta', c, p); const m = t.match(/```json\n([\s\S]*?)```/);
  const d = JSON.parse(m[1]);
  add({ repo, commit: c, path: p, query: d.searchParameters && d.searchParameters.q }, d.places, r => ({ provider: 'serper_maps', name: r.title, address: r.address || null, types: r.types || [], category: r.type || null, place_id: r.placeId || null, cid: r.cid || null, phone: r.phoneNumber || null, website: r.website || null, rating: r.rating ?? null, rating_count: r.ratingCount ?? null }));
}
// Places API (New) mock-data.ts
{
  const repo = 'GregorGabric/guide-ai', c = 'ca6d0c1', p = 'app/(drawer)/(tabs)/mock-data.ts';
  const full = execSync(`git -C ${M}GregorGabric+guide-ai/repo rev-parse ${c}`).toString().trim();
  const d = evalObj(show('GregorGabric+guide-ai', full, p).replace(/ as const/g, ''));
  add({ repo, commit: full, path: p }, d.places, r => ({ provider: 'google_places_new', name: r.displayName && r.displayName.text, address: r.formattedAddress || null, types: r.types || [], category: r.primaryTypeDisplayName ? r.primaryTypeDisplayName.text : (r.primaryType || null), place_id: r.id, phone: r.nationalPhoneNumber || null, website: r.websiteUri || null, rating: r.rating ?? null, rating_count: r.userRatingCount ?? null }));
}
{
  const repo = 'augustoRashin/PWA-MONTERRICO', c = '6ddd0ef6f37fa4d32daf47ef4c854ea2ae182075', p = 'Untitled-5.js';
  const d = JSON.parse(show('augustoRashin+PWA-MONTERRICO', c, p));
  add({ repo, commit: c, path: p, query: d.searchParameters.q }, d.places, r => ({ provider: 'serper_places', name: r.title, address: r.address || null, types: [], category: r.category || null, place_id: null, cid: r.cid || null, rating: r.rating ?? null, rating_count: r.ratingCount ?? null }));
}
console.log(JSON.stringify(out, null, 1));
