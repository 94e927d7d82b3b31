import json
rows = json.load(open('rows.json'))
# search id -> (row index range, held_out)
searches = {
 'pizza-ovens':      dict(sells='commercial pizza ovens', target='pizzerias and pizza restaurants', categories=['pizzeria', 'pizza restaurant', 'italian restaurant'], rows=range(0, 20), split='dev'),
 'draught-beer':     dict(sells='draught beer dispensing systems and kegs', target='pubs and bars', categories=['pub', 'bar', 'tavern', 'brewpub'], rows=range(20, 40), split='dev'),
 'civic-software':   dict(sells='council meeting and permit management software', target='local government councils and city halls', categories=['city hall', 'local government office', 'municipal council'], rows=range(40, 60), split='dev'),
 'hotel-amenities':  dict(sells='guest toiletries and bed linen', target='hotels, hostels and other accommodation', categories=['hotel', 'hostel', 'motel', 'lodging', 'serviced apartment'], rows=range(60, 80), split='held_out'),
 'parking-systems':  dict(sells='parking access control and payment machines', target='parking lots and garages', categories=['parking lot', 'parking garage', 'car park'], rows=range(80, 100), split='dev'),
 'shelter-software': dict(sells='case management software', target='homeless shelters and housing-services nonprofits', categories=['homeless shelter', 'transitional housing', 'homeless services', 'social services organization'], rows=range(100, 120), split='dev'),
 'meal-programs':    dict(sells='commercial kitchen equipment', target='food banks, soup kitchens and free meal programs', categories=['food bank', 'soup kitchen', 'meal program', 'community kitchen'], rows=range(120, 140), split='held_out'),
 'clinic-ehr':       dict(sells='electronic health record software', target='community health clinics', categories=['community health center', 'medical clinic', 'health clinic'], rows=range(140, 160), split='held_out'),
 'restaurant-pos':   dict(sells='restaurant point-of-sale systems', target='restaurants', categories=['restaurant', 'cafe'], rows=range(160, 163), split='held_out'),
 'mattress-wholesale': dict(sells='wholesale mattresses and furniture lines', target='furniture retailers', categories=['furniture store', 'mattress store', 'home furnishings store'], rows=range(163, 183), split='dev'),
 'equipment-rental': dict(sells='construction equipment rental', target='general contractors and construction companies', categories=['general contractor', 'construction company', 'builder'], rows=range(183, 203), split='held_out'),
 'attraction-ticketing': dict(sells='online ticketing and booking software', target='museums and paid visitor attractions', categories=['museum', 'art gallery', 'tourist attraction', 'performing arts theater'], rows=range(203, 213), split='held_out'),
 'mall-leasing':     dict(sells='tenant and lease management software', target='shopping malls', categories=['shopping mall', 'shopping center'], rows=range(213, 218), split='dev'),
}
# Hand labels: off-target rows (everything else in a search's range is on-target), unsure rows (left out of every figure).
off = {
 23: 'a pub-crawl tour operator, not a pub',
 41: 'a train station', 42: 'a massage spa', 43: 'a newsagency', 45: 'a gym', 46: 'a sushi restaurant', 47: 'an ATM',
 49: 'a blood donor centre', 50: 'a games shop', 51: 'a travel agency', 52: 'a supermarket', 54: 'a pharmacy', 55: 'a shopping mall',
 56: 'an apartment hotel', 57: 'a supplement shop', 59: 'a festival bar',
 64: 'an Australian pub called a hotel (no lodging type)', 67: 'an Australian pub called a hotel (no lodging type)',
 69: 'a restaurant', 70: 'a restaurant', 71: 'a restaurant', 72: 'a restaurant', 74: 'a restaurant and bar', 75: 'a beer cafe',
 76: 'a restaurant', 77: 'a restaurant', 78: 'a restaurant', 79: 'a restaurant',
 120: 'a shelter', 121: 'a services referral nonprofit', 126: 'a shelter operator', 128: 'a shelter', 131: 'a thrift store',
 133: 'a resource centre', 134: 'a government department', 135: 'a family shelter', 136: 'a youth outreach nonprofit',
 138: 'a job-training nonprofit', 139: 'an after-school programme',
 142: 'a tenant legal clinic, not health care', 144: 'a youth services nonprofit', 145: 'a shelter and meal nonprofit', 147: 'a family services nonprofit',
 148: 'a resource centre', 149: 'a shelter', 150: 'a tenant legal clinic, not health care', 151: 'a services referral nonprofit', 152: 'a shelter',
 153: 'a family shelter', 154: 'a youth services nonprofit', 155: 'a services referral nonprofit', 156: 'a navigation centre (shelter)',
 157: 'a youth services nonprofit', 159: 'a university',
 174: 'a cabinet maker',
 204: 'a neighbourhood', 205: 'a public square', 206: 'a public park', 207: 'a cathedral', 208: 'a public garden',
 213: 'a racecourse', 214: 'a campground', 215: 'a garden', 217: 'a construction company',
}
unsure = {96: 'named "Golf Clubhouse" but typed parking', 182: 'unknown trade', 211: 'historic venue, bar or landmark', 212: 'unknown what it is', 132: 'homeless services that may run a pantry'}
out = []
for sid, s in searches.items():
    for i in s['rows']:
        r = dict(rows[i])
        label = 'unsure' if i in unsure else ('off' if i in off else 'on')
        note = unsure.get(i) or off.get(i)
        rec = dict(id=f'{sid}/{i - s["rows"].start + 1:02d}', search=sid, split=s['split'], label=label)
        if note: rec['note'] = note
        for k in ('provider', 'name', 'address', 'category', 'types', 'place_id', 'cid', 'phone', 'website', 'rating', 'rating_count'):
            if r.get(k) not in (None, [], ''): rec[k] = r[k]
        rec['source'] = dict(r['source'], index=r['index'])
        out.append(rec)
with open('/work/wt/i9b/eval/places/places.jsonl', 'w') as f:
    for rec in out: f.write(json.dumps(rec, ensure_ascii=False) + '\n')
with open('/work/wt/i9b/eval/places/searches.json', 'w') as f:
    json.dump([dict(id=k, sells=v['sells'], target=v['target'], placeCategories=v['categories'], split=v['split']) for k, v in searches.items()], f, indent=2)
from collections import Counter
print(len(out), Counter((o['split'], o['label']) for o in out))
