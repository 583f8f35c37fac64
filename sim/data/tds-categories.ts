/**
 * The TD SYNNEX 9-digit category tree (three 3-digit levels), taken from the real category list
 * (nahidacm/synnex-parser:synnex_category_list_t.csv, codes, names and UNSPSC verbatim; names keep
 * TD SYNNEX's own truncations). A subset of ~230 leaves is enough to exercise category-driven sync.
 *
 * `weight` sets each leaf's share of the catalogue. It is deliberately skewed the way a distributor's
 * catalogue is: consumables and cables are huge (009088257 alone is above the 20,000-product cap of
 * Product Sync at the default size), most leaves are small.
 */

export interface TdsCategory {
  /** 9 digits: level 1 + level 2 + level 3 ("000" when the category has no third level). */
  code: string;
  level1: string;
  level2: string;
  /** Empty when the category stops at level 2. */
  level3: string;
  unspsc: string;
  /** Product family used to generate manufacturers, names and prices (see tds-kinds.ts). */
  kind: string;
  weight: number;
}

export const TDS_LEVEL1: Readonly<Record<string, string>> = {
  '001': 'Accessories and Cables',
  '002': 'Computers and Portables',
  '003': 'Digital Cameras/Keyboards/Input Devices',
  '005': 'Monitor / Display / Projector',
  '006': 'Networking',
  '007': 'Audio / Video / Output Devices',
  '008': 'Power Equipment',
  '009': 'Printers',
  '011': 'Software',
  '012': 'Storage Devices',
  '013': 'Computer Components',
};

/** Level-2 names keyed by the first six digits. */
export const TDS_LEVEL2: Readonly<Record<string, string>> = {
  '001019': 'Cables',
  '001076': 'Optical Miscellaneous',
  '001077': 'Other',
  '001094': 'Rack Systems and Parts',
  '001102': 'Security Accessory',
  '001478': 'Cable Accessory',
  '002026': 'Personal Computer',
  '002042': 'Handheld / PDA Accessory',
  '002057': 'Laptop',
  '002113': 'System Accessory',
  '002315': 'Terminal / Network Computer',
  '002316': 'Server',
  '002317': 'Workstation',
  '002507': 'All-In-One PC/LCD',
  '002662': 'Tablet Computer',
  '002663': 'Tablet Accessories',
  '002715': 'Chromebooks',
  '003014': 'Accessory',
  '003015': 'Bar Code Reader',
  '003019': 'Cables',
  '003056': 'Keyboards',
  '003066': 'Microphones - Audio Input',
  '003080': 'Pointing Devices',
  '003349': 'Digital Camera Accessory',
  '003503': 'Video Camera / Accessory',
  '003634': 'Keyboard & Mice Combo',
  '005014': 'Accessory',
  '005019': 'Cables',
  '005038': 'LCD Display',
  '005078': 'Other Display',
  '005093': 'Projector / Panel',
  '005510': 'Touch Screen',
  '005513': 'POS Pole Display',
  '006017': 'Bridge / Router',
  '006022': 'Communication Device',
  '006052': 'Hub / Switch',
  '006068': 'Network Accessory',
  '006069': 'Network Adapter',
  '006070': 'Network Cable',
  '006071': 'Network Device',
  '006324': 'Wireless Devices',
  '006327': 'Printer Servers',
  '006494': 'KVM Switch/Cable',
  '006641': 'Antenna',
  '006672': 'Media Converter',
  '006796': 'Software Network',
  '007106': 'Sound Cards',
  '007107': 'Speakers',
  '007121': 'Video Graphic Cards',
  '007539': 'Headphones',
  '007739': 'Bluetooth Headphones',
  '008016': 'Battery charger',
  '008081': 'Power Accessory',
  '008082': 'Power adapter',
  '008084': 'Power Cables',
  '008085': 'Power distribution unit',
  '008086': 'Power supply',
  '008112': 'Surge suppressor',
  '008118': 'UPS',
  '008532': 'Batteries',
  '009019': 'Cables',
  '009029': 'Dot-matrix',
  '009053': 'Ink-jet',
  '009058': 'Laser - B/W',
  '009059': 'Laser - Color',
  '009088': 'Printer Consumables',
  '009117': 'Trays and Accessories',
  '009428': 'Thermal',
  '009711': '3D Printers',
  '011025': 'Creativity Application',
  '011055': 'Internet Application',
  '011073': 'Network Management Tools',
  '011075': 'Operating System',
  '011091': 'Productivity Applications',
  '011120': 'Utilities',
  '011667': 'Cloud Application',
  '012018': 'Cabinets / Enclosures',
  '012019': 'Cables',
  '012045': 'Hard Drive ATA / SATA 7200+ RP',
  '012046': 'Hard Drive Mobile 2.5 in.',
  '012047': 'Hard Drive Other',
  '012074': 'Network Storage',
  '012096': 'Removable Disk Drive',
  '012097': 'Removable Media',
  '012098': 'Removable Tape Drive',
  '012109': 'Storage Accessory',
  '012110': 'Storage Adapters',
  '012456': 'Tape Libraries / Autoloaders',
  '012499': 'Security Storage',
  '012806': 'SSD Client - 2.5 inch',
  '012808': 'SSD Client - M.2',
  '012810': 'SSD Client- External',
  '012813': 'SSD Enterprise - 2.5 inch/U.2',
  '012814': 'SSD Enterprise - M.2',
  '013089': 'Processor / CPU Accessory',
  '013114': 'System Cabinets',
  '013319': 'Processors - Mobile',
  '013320': 'Processors - Desktop',
  '013321': 'Processors - Server',
  '013519': 'Digital Media',
  '013643': 'DRAM DDR3',
  '013702': 'SDRAM DDR4',
  '013738': 'Motherboard Accessories',
};

// code|level-3 name|UNSPSC|kind|weight  (level-3 name empty for "…000" codes)
const LEAVES = `
001019147|Accessory|26121620|cable|5200
001019239|Other|26121620|cable|3600
001019242|Parallel|26121620|cable|150
001019280|Serial|26121620|cable|700
001019292|USB|26121620|cable|6400
001019490|FireWire / IEEE1394|26121620|cable|120
001076000||45121603|cable|160
001077000||43211600|cable|1500
001094497|Rack Accessories|24102001|rack|1700
001094498|Racks|24102001|rack|650
001094500|Shelves|24102001|rack|420
001102000||43222500|lock|900
001478479|Cable Clips|39121702|cableacc|350
001478480|Cable Ties|39121703|cableacc|480
002026659|Intel Core i3|43211508|desktop|700
002026660|Intel Core i5|43211508|desktop|1500
002026661|Intel Core i7|43211508|desktop|1300
002026682|Pentium|43211508|desktop|140
002042146|Accessories|43211600|laptopacc|220
002057021|Carrying Cases|53121706|bag|1600
002057146|Accessories|43211600|laptopacc|1100
002057184|Docking station|43211503|dock|750
002057253|Port replicator|43211503|dock|180
002057659|Intel Core i3|43211503|laptop|600
002057660|Intel Core i5|43211503|laptop|1700
002057661|Intel Core i7|43211503|laptop|1900
002057694|AMD E-Series|43201503|laptop|160
002113000||43211600|laptopacc|600
002315664|Thin Client|43211506|thinclient|260
002315666|POS System|43211505|thinclient|90
002316318|Xeon|43211502|server|1300
002316695|Opteron|43201503|server|110
002316742|X86|43211502|server|450
002317318|Xeon|43201503|workstation|380
002317661|Intel Core i7|43211515|workstation|300
002507660|Intel Core i5|43211508|desktop|260
002507661|Intel Core i7|43211508|desktop|200
002662000||43211509|tablet|520
002663000||43211600|tabletacc|900
002715000||43211503|chromebook|240
003014000||43211600|laptopacc|380
003015000||43211701|barcode|700
003019217|Keyboard|26121620|cable|60
003019219|Keyboard / mouse / video|26121620|kvmcable|190
003056000||43211706|keyboard|1300
003066000||43211719|headset|280
003080668|Mouse|43211708|mouse|1100
003080669|Stylus Pen|43211707|mouse|160
003080671|Remote Presenter / Other|45111810|mouse|120
003349375|Batteries|26111700|battery|140
003349450|Memory|32101602|flash|310
003503481|CCTV Camera|45121516|cctv|520
003503482|CCTV Lenses|45121603|cctv|90
003503492|IP Security Camera|46171610|cctv|900
003503697|Webcam|45121520|webcam|330
003634000||43211706|keyboard|420
005014740|Projector Accessories|42183084|projacc|380
005014741|Monitor Accessories|41116203|mount|900
005019181|Display|26121620|cable|650
005038126|19 - 29 inch|43211902|monitor|1900
005038131|16 - 19 inch|43211902|monitor|240
005038649|> 29 inch|43211902|monitor|700
005038709|46 inch or larger|43211902|bigdisplay|340
005078000||43211900|bigdisplay|120
005093182|DLP projector|45111609|projector|260
005093221|LCD projector|45111614|projector|340
005510511|Capacitive|43211900|monitor|110
005510710|Interactive Whiteboards|44111911|bigdisplay|90
005513000||43211900|posdisplay|40
006017000||43222609|router|950
006022647|Video Conferencing|45111902|videoconf|380
006052285|Switch|43222612|switch|3400
006068483|Connectors|39121421|cableacc|420
006069208|Gigabit Ethernet|43201404|nic|520
006069683|PCI Express|43201404|nic|300
006070191|Ethernet|26121609|netcable|1800
006070194|Fiber optic|26121607|netcable|1100
006070243|Patch|26121609|netcable|2600
006071198|Firewall|43222501|firewall|1300
006071684|Security Appliance|43222500|firewall|420
006324147|Accessory|43222600|wifiacc|520
006324307|Access Point|43222631|ap|1350
006327329|External|43201537|printserver|70
006494285|Switch|43211604|kvm|460
006641000||43221706|wifiacc|180
006672679|SFPs|43201553|sfp|1500
006672674|Unmanaged|43201553|mediaconv|230
006796173|Data security|43232900|secsw|380
006796798|Subscription|43232900|netsub|650
007106000||43201502|soundcard|60
007107000||52161512|speaker|420
007121000||43201401|gpu|520
007539000||52161514|headset|900
007739000||52161514|headset|260
008016000||26111704|charger|180
008081000||39121000|poweracc|400
008082000||39121006|adapter|800
008084000||26121629|powercable|1200
008085000||39121017|pdu|650
008086000||39121004|psu|420
008112000||39121610|surge|850
008118000||39121011|ups|1500
008532000||26111700|battery|600
009019256|Printer|26121620|cable|120
009029000||43212102|dotmatrix|60
009053231|Multifunction|43212104|inkjet|480
009053252|Personal|43212104|inkjet|120
009053220|Large-format|43212104|largeformat|130
009058231|Multifunction|43212105|laser|520
009058309|Workgroup|43212105|laser|420
009059231|Multifunction|43212103|laser|480
009059309|Workgroup|43212103|laser|260
009088257|Printer Cartridge - Ink-jet|44103105|ink|21500
009088334|Printer Cartridge - Laser Mono|44103103|toner|2600
009088340|Color toner cartridge|44103103|toner|1400
009088336|Printer drum-fuser-maintenance|44103109|drum|650
009088263|Printer ribbon|44103112|ribbon|120
009088342|Compatible mono toner|44103103|comptoner|300
009088435|Direct Thermal and Thermal Tra|55121600|labels|400
009117000||44101700|tray|420
009428429|Label Printer/Maker|43212108|labelprinter|320
009428431|POS Receipt Printer|43212112|labelprinter|160
009711713|Consumer|23261507|printer3d|30
011025213|Image Editing|43232102|software|120
011055150|Anti-Virus|43233205|secsw|450
011055214|Internet Security|43233203|secsw|300
011073275|Remote management|43233205|software|140
011075686|Windows 7|43233004|os|30
011075700|Windows 8|43233004|os|40
011075239|Other|43233004|os|110
011091238|Office suite|43231513|office|180
011091688|CRM Software|43232305|software|60
011120155|Backup / compression|43233415|backupsw|260
011120689|Server Virtualization|43232701|software|90
011667000||43230000|cloudsw|520
012018000||24102001|enclosure|260
012019279|SCSI internal|26121624|storagecable|160
012045331|180+ GB|43201803|hdd|720
012046128|100+ GB|43201803|hdd|260
012047292|USB|43201803|exthdd|380
012074000||43201802|nas|420
012096163|DVD (ROM, RW, CD Combo)|43201811|optical|110
012097747|LTO Ultrium 7|43202002|tape|110
012097748|LTO Ultrium 8|43202002|tape|140
012097749|LTO Ultrium 9|43202002|tape|60
012098291|LTO Ultrium|43201807|tapedrive|120
012109000||43202105|storageacc|380
012110270|RAID|43201500|raid|260
012456291|LTO Ultrium|43201806|tapelib|120
012499487|DVR/Digital Video Recorders|52161516|nvr|210
012806820|301GB- 600GB|43201830|ssd|260
012806821|601GB - 1.2TB|43201830|ssd|320
012806822|1.3TB - 2.0TB|43201830|ssd|240
012808820|301GB- 600GB|43201830|ssd|280
012808821|601GB - 1.2TB|43201830|ssd|460
012808822|1.3TB - 2.0TB|43201830|ssd|380
012808823|2.1TB - 5TB|43201830|ssd|220
012810821|601GB - 1.2TB|43201830|extssd|180
012810822|1.3TB - 2.0TB|43201830|extssd|160
012813822|1.3TB - 2.0TB|43201830|entssd|320
012813823|2.1TB - 5TB|43201830|entssd|300
012813824|5TB+|43201830|entssd|220
012814821|601GB - 1.2TB|43201830|entssd|120
013089485|CPU Coolers|43201538|cooler|320
013089489|Fans|40101604|cooler|260
013114000||43201601|pccase|300
013319240|Other CPU|43201503|cpu|60
013320240|Other CPU|43201503|cpu|380
013321318|Xeon|43201503|cpu|420
013519523|USB Drives|32101622|flash|620
013519524|SD/CF Cards|32101622|flash|560
013519525|Media Readers|32101617|flash|110
013643521|> 2GB|32101602|memory|420
013702705|8GB|32101621|memory|900
013702706|16GB|32101621|memory|1300
013702707|> 16GB|32101621|memory|1600
013738000||43211612|mbacc|140
`;

/** Leaves in code order, parsed once at module load (a few hundred small objects). */
export const TDS_CATEGORIES: readonly TdsCategory[] = LEAVES.trim()
  .split('\n')
  .map((line) => {
    const [code = '', level3 = '', unspsc = '', kind = '', weight = '0'] = line.split('|');
    return {
      code,
      level1: TDS_LEVEL1[code.slice(0, 3)] ?? '',
      level2: TDS_LEVEL2[code.slice(0, 6)] ?? '',
      level3,
      unspsc,
      kind,
      weight: Number(weight),
    };
  })
  .sort((a, b) => (a.code < b.code ? -1 : 1));

const BY_CODE = new Map(TDS_CATEGORIES.map((c) => [c.code, c]));

export function tdsCategory(code: string): TdsCategory | undefined {
  return BY_CODE.get(code);
}

/** Display name of a node at any level: "006", "006052" or "006052285". */
export function tdsCategoryName(prefix: string): string | undefined {
  if (prefix.length === 3) return TDS_LEVEL1[prefix];
  if (prefix.length === 6) return TDS_LEVEL2[prefix];
  const leaf = BY_CODE.get(prefix);
  return leaf ? leaf.level3 || leaf.level2 : undefined;
}

export interface TdsCategoryNode {
  code: string;
  name: string;
  level: 1 | 2 | 3;
  children: TdsCategoryNode[];
}

/** The tree as nested nodes (for category pickers); level-2 nodes without a level 3 are leaves themselves. */
export function tdsCategoryTree(): TdsCategoryNode[] {
  const roots = new Map<string, TdsCategoryNode>();
  const mids = new Map<string, TdsCategoryNode>();
  for (const leaf of TDS_CATEGORIES) {
    const l1 = leaf.code.slice(0, 3);
    const l2 = leaf.code.slice(0, 6);
    let root = roots.get(l1);
    if (!root) {
      root = { code: l1, name: leaf.level1, level: 1, children: [] };
      roots.set(l1, root);
    }
    let mid = mids.get(l2);
    if (!mid) {
      mid = { code: l2, name: leaf.level2, level: 2, children: [] };
      mids.set(l2, mid);
      root.children.push(mid);
    }
    if (leaf.level3) mid.children.push({ code: leaf.code, name: leaf.level3, level: 3, children: [] });
  }
  return [...roots.values()];
}
