/**
 * Manufacturers carried by the simulated TD SYNNEX catalogue, with the shapes of their real part numbers.
 * Part-number patterns: `#` digit, `@` letter, `%` letter or digit, `^` a literal "#" (HP's "#ABA" locale
 * suffix); every other character is literal. `upcPrefix` is the GS1 company prefix used to build
 * check-digit-valid UPC-A codes. `code` is the numeric manufacturer code TD SYNNEX returns as `mfgCode`
 * (OKI = 676 comes from a real P&A response; the others are invented but stable).
 */

export interface TdsManufacturer {
  key: string;
  /** As TD SYNNEX spells it in the catalogue. */
  name: string;
  /** Short brand used at the start of product descriptions. */
  brand: string;
  code: string;
  /** Internal vendor number (price file field 9). */
  vendorNo: string;
  upcPrefix: string;
  patterns: readonly string[];
}

const M = (
  key: string,
  name: string,
  brand: string,
  code: string,
  upcPrefix: string,
  patterns: string[],
): TdsManufacturer => ({ key, name, brand, code, vendorNo: String(1000 + Number(code) * 3), upcPrefix, patterns });

export const TDS_MANUFACTURERS: readonly TdsManufacturer[] = [
  M('hp', 'HP Inc.', 'HP', '11', '196548', ['#@#@#UT^ABA', '#@#@#AA^ABA', 'W####@@', '#@@##@N^B1H', '#@@##AA']),
  M('hpe', 'HPE (Hewlett Packard Enterprise)', 'HPE', '12', '190017', ['P#####-B21', 'R#@##A', 'JL###A^ABA', 'Q#@##A']),
  M('lenovo', 'Lenovo', 'LENOVO', '31', '196800', ['##@#00@@US', '4X##@#####', '11##00@@US', '7D##@0##NA']),
  M('dell', 'Dell Technologies', 'DELL', '42', '884116', ['DELL-@####@', '###-@@@@', '@####-##@@']),
  M('cisco', 'Cisco Systems', 'CISCO', '52', '889728', [
    'C9###@-##@-@',
    'CBS###-##@-#G-NA',
    'SFP-##G-@@-##',
    'MR##-HW-@#',
    'ISR###-@@#/K9',
  ]),
  M('apc', 'APC by Schneider Electric', 'APC', '67', '731304', [
    'SMT####@@',
    'SMX####@@@',
    'AP####@',
    'AR####@',
    'P##@@-#@',
  ]),
  M('logitech', 'Logitech', 'LOGITECH', '74', '097855', ['###-######']),
  M('samsung', 'Samsung', 'SAMSUNG', '85', '887276', [
    'MZ-@#@#T#@/AM',
    'LS##@###@@@@@@',
    'SM-@###@@@@@@',
    'MB-@@###@@/AM',
  ]),
  M('ubiquiti', 'Ubiquiti', 'UBIQUITI', '93', '810010', ['U#-@@@-US', 'USW-@@@-##-@@@', 'UVC-@#-@@@', 'UACC-@@@-##']),
  M('microsoft', 'Microsoft', 'MICROSOFT', '104', '889842', ['%%%-#####']),
  M('apple', 'Apple', 'APPLE', '111', '194253', ['M@@##LL/A', 'M@@#@LL/A']),
  M('asus', 'ASUS', 'ASUS', '126', '195553', ['90NX0###-M0####', '90LM0###-B0####', '90MB1###-M0AAY0']),
  M('acer', 'Acer', 'ACER', '131', '195133', ['NX.@@@@A.###', 'UM.@@#AA.#0#']),
  M('brother', 'Brother', 'BROTHER', '142', '012502', ['TN-###@', 'HL-L####@@@', 'MFC-L####@@@', 'DR-###@', 'TZE-###']),
  M('epson', 'Epson', 'EPSON', '155', '010343', ['V11H######', 'T###@@##0', 'C11C######', 'S######']),
  M('canon', 'Canon', 'CANON', '163', '013803', ['####C###', '####B###']),
  M('lexmark', 'Lexmark', 'LEXMARK', '171', '734646', ['##@####', '##@####@']),
  M('xerox', 'Xerox', 'XEROX', '184', '095205', ['###R#####', 'C###/@@@']),
  M('oki', 'OKI Data', 'OKI', '676', '051115', ['########']),
  M('eaton', 'Eaton', 'EATON', '212', '743172', ['5P####@', '9PX####@@@', 'EMA###-##', 'TRIPP-@@####']),
  M('tripplite', 'Tripp Lite by Eaton', 'TRIPP LITE', '219', '037332', [
    'SU####@@@@',
    'N###-###-@@',
    'P###-###',
    'SMART####@@@',
    'U###-###',
  ]),
  M('cyberpower', 'CyberPower Systems', 'CYBERPOWER', '225', '649532', ['CP####@@@@@', 'OR####@@@@@', 'PDU#####']),
  M('vertiv', 'Vertiv', 'VERTIV', '233', '885952', ['GXT5-####@@@@##', 'VP####@@-###', 'AV###-###']),
  M('startech', 'StarTech.com', 'STARTECH.COM', '241', '065030', ['@@@###@@@@', '@@@@##@@@', '###@@-@@@@@']),
  M('belkin', 'Belkin', 'BELKIN', '248', '745883', ['F#@###-##', 'F#@###@@', 'BP@###@@@']),
  M('c2g', 'C2G (Legrand)', 'C2G', '252', '757120', ['C2G#####', 'CG#####']),
  M('targus', 'Targus', 'TARGUS', '263', '092636', ['@@@###@@', '@@@###@@@']),
  M('kensington', 'Kensington', 'KENSINGTON', '271', '085896', ['K#####WW', 'K#####@@']),
  M('zebra', 'Zebra Technologies', 'ZEBRA', '285', '076119', [
    'ZD4@#-##@##-@@@',
    'LI####-@@##@#@@@',
    '#####@',
    '######-###',
  ]),
  M('honeywell', 'Honeywell', 'HONEYWELL', '292', '842740', ['####G@@-#USB-#', '####@@-#@@@']),
  M('axis', 'Axis Communications', 'AXIS', '305', '7331021', ['0####-###', '02###-###']),
  M('hanwha', 'Hanwha Vision', 'HANWHA', '311', '8809', ['@@@-####@@', '@@@-@####@']),
  M('poly', 'Poly (HP)', 'POLY', '327', '017229', ['####-#####-###', '#@@##AA^ABA']),
  M('jabra', 'Jabra', 'JABRA', '334', '706487', ['####-###-###']),
  M('netgear', 'NETGEAR', 'NETGEAR', '348', '606449', ['GS###@@-###NAS', 'WAX###-###NAS', 'XS###@-###NAS']),
  M('tplink', 'TP-Link', 'TP-LINK', '355', '840030', ['TL-SG####@@', 'EAP###-@@@@', 'ER###@-@@']),
  M('fortinet', 'Fortinet', 'FORTINET', '367', '812000', ['FG-##@-BDL-###-##', 'FAP-###@-@', 'FS-###@-@@@']),
  M('sonicwall', 'SonicWall', 'SONICWALL', '372', '758479', ['02-SSC-####', '01-SSC-####']),
  M('aruba', 'HPE Aruba Networking', 'ARUBA', '381', '190017', ['R#@##A', 'JL###A', 'Q#@##A']),
  M('intel', 'Intel', 'INTEL', '402', '735858', ['BX########@', 'E##@-T#', '@@###@@@@@@']),
  M('amd', 'AMD', 'AMD', '409', '730143', ['100-1000#####BOX', '100-000000###']),
  M('kingston', 'Kingston Technology', 'KINGSTON', '415', '740617', [
    'KVR##@##@#/##',
    'SA400S37/###G',
    'DT@@/###GB',
    'KSM##@##@#/##@@@',
    'SNV#S/###G',
  ]),
  M('crucial', 'Crucial (Micron)', 'CRUCIAL', '421', '649528', ['CT##G##@@@@@#', 'CT###@###@@#', 'CT#000@@#SSD#']),
  M('micron', 'Micron', 'MICRON', '423', '649528', ['MTFD@@@###@@@-1AR1ZAB']),
  M('seagate', 'Seagate', 'SEAGATE', '434', '763649', ['ST####@@###', 'ST####@@##@', 'STK@#####']),
  M('wd', 'Western Digital', 'WD', '441', '718037', ['WD##@@@@', 'WDS###@#@0@', 'WDB@@@####@@@-WESN']),
  M('toshiba', 'Toshiba', 'TOSHIBA', '447', '4547808', ['MG##ACA##@@', 'HDTB###@@#@@']),
  M('synology', 'Synology', 'SYNOLOGY', '462', '846504', ['DS###@+', 'RS####@@+', 'HAT####-##@']),
  M('qnap', 'QNAP', 'QNAP', '468', '885022', ['TS-@###@-#G-US', 'TVS-@###-@#-##G']),
  M('quantum', 'Quantum', 'QUANTUM', '473', '845341', ['MR-L#@@@-##', 'LSC####-@@##', 'TC-L##@@-@@-@']),
  M('fujifilm', 'FUJIFILM', 'FUJIFILM', '479', '074101', ['########', '########-@@']),
  M('broadcom', 'Broadcom', 'BROADCOM', '486', '830343', ['05-50###-##', '05-25###-##']),
  M('sophos', 'Sophos', 'SOPHOS', '511', '811893', ['XG##@@@SS', 'C##@@@CTAA', 'EP@@@###@@']),
  M('acronis', 'Acronis', 'ACRONIS', '517', '769891', ['P##@@@ENS', 'B##@@@LOS']),
  M('trendmicro', 'Trend Micro', 'TREND MICRO', '523', '788315', ['@@@@####', 'TM-@@@@-######']),
  M('adobe', 'Adobe', 'ADOBE', '531', '883919', ['#####@@@@##@##@#']),
  M('viewsonic', 'ViewSonic', 'VIEWSONIC', '542', '766907', ['VA####-@@', 'VG####@', 'PJD####@@', 'IFP##@#']),
  M('lg', 'LG Electronics', 'LG', '548', '195174', ['##@@##@-@', '##@@###-@.AUS']),
  M('benq', 'BenQ', 'BENQ', '553', '840046', ['MH###@', 'MW###@@', 'GV##@']),
  M('ergotron', 'Ergotron', 'ERGOTRON', '561', '698833', ['45-###-###', '98-###-###']),
  M('pny', 'PNY Technologies', 'PNY', '575', '751492', ['VCNRTX####@@-PB', 'P-FD###@@@@@-GE', 'P-SD###@@@###-GE']),
  M('sandisk', 'SanDisk', 'SANDISK', '581', '619659', ['SDSQ@@#-###G-G@#@@', 'SDCZ##-###G-G##']),
  M('corsair', 'Corsair', 'CORSAIR', '594', '840006', ['CMK##GX#M#@####C##', 'CP-#######-NA', 'CC-#######-WW']),
  M('coolermaster', 'Cooler Master', 'COOLER MASTER', '598', '884102', ['MLW-D##M-@##PK-R#', 'RR-#@##-##PK-R#']),
  M('supermicro', 'Supermicro', 'SUPERMICRO', '612', '672042', ['SYS-####@-@@@@', 'AS-####@-@@@']),
  M('gigabyte', 'GIGABYTE', 'GIGABYTE', '618', '889523', ['B###M @@@@@@ @@', 'GV-N####@@-#GD']),
  M('msi', 'MSI', 'MSI', '623', '824142', ['PRO B###M-@', 'MAG @###@ @@@@@@']),
  M('sony', 'Sony', 'SONY', '636', '027242', ['ILCE-####@/B', 'FDR-@####']),
  M('kyocera', 'Kyocera', 'KYOCERA', '641', '632983', ['TK-####', '1102@@2US0']),
  M('optoma', 'Optoma', 'OPTOMA', '648', '796435', ['EH###@@@', 'W###@@']),
  M('ruckus', 'Ruckus Networks', 'RUCKUS', '653', '842339', ['9U1-@###-US00', '901-@###-US00']),
  M('chief', 'Chief (Legrand AV)', 'CHIEF', '661', '841872', ['@@@@##@', 'K#@###@']),
  M('dymo', 'DYMO', 'DYMO', '667', '071701', ['#######', 'S#######']),
  M('creality', 'Creality', 'CREALITY', '672', '6971636', ['############']),
  M('veeam', 'Veeam Software', 'VEEAM', '684', '885172', ['V-@@@@@@-#S-@@#@@-@@']),
  M('vmware', 'VMware by Broadcom', 'VMWARE', '689', '', ['VCF-@@@-#@-@@']),
];

const BY_KEY = new Map(TDS_MANUFACTURERS.map((m) => [m.key, m]));

export function tdsManufacturer(key: string): TdsManufacturer {
  const found = BY_KEY.get(key);
  if (!found) throw new Error(`unknown manufacturer key ${key}`);
  return found;
}

/** Manufacturer the demo account is not authorized to buy (Apple requires a separate authorization). */
export const TDS_UNAUTHORIZED_MANUFACTURER = 'apple';
