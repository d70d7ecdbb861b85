// GB/T 2260 administrative divisions of Hebei (河北省), as published by the Ministry of Civil
// Affairs for 2023 onwards: the province, its 11 prefecture-level cities and all 167 county-level
// divisions (49 districts, 21 county-level cities, 97 counties incl. 6 autonomous counties).
// 雄安新区 is not a GB/T 2260 division: it is modelled as a virtual city-level region over the
// three counties it administers, so scoping by 雄安 works like scoping by a city.

export type Region = {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  parent?: string;
  virtual?: boolean;
  members?: string[];
  // 省直管县级市: statistically under its prefecture, administered by the province
  directlyAdministered?: boolean;
};

const PROVINCE = '130000';
const XIONGAN = '133100';
const DIRECTLY_ADMINISTERED = new Set(['130181', '130682']); // 辛集市, 定州市

// [city code, city name, [county code, county name][]]
const HEBEI: ReadonlyArray<readonly [string, string, ReadonlyArray<readonly [string, string]>]> = [
  ['130100', '石家庄市', [
    ['130102', '长安区'], ['130104', '桥西区'], ['130105', '新华区'], ['130107', '井陉矿区'],
    ['130108', '裕华区'], ['130109', '藁城区'], ['130110', '鹿泉区'], ['130111', '栾城区'],
    ['130121', '井陉县'], ['130123', '正定县'], ['130125', '行唐县'], ['130126', '灵寿县'],
    ['130127', '高邑县'], ['130128', '深泽县'], ['130129', '赞皇县'], ['130130', '无极县'],
    ['130131', '平山县'], ['130132', '元氏县'], ['130133', '赵县'],
    ['130181', '辛集市'], ['130183', '晋州市'], ['130184', '新乐市'],
  ]],
  ['130200', '唐山市', [
    ['130202', '路南区'], ['130203', '路北区'], ['130204', '古冶区'], ['130205', '开平区'],
    ['130207', '丰南区'], ['130208', '丰润区'], ['130209', '曹妃甸区'],
    ['130224', '滦南县'], ['130225', '乐亭县'], ['130227', '迁西县'], ['130229', '玉田县'],
    ['130281', '遵化市'], ['130283', '迁安市'], ['130284', '滦州市'],
  ]],
  ['130300', '秦皇岛市', [
    ['130302', '海港区'], ['130303', '山海关区'], ['130304', '北戴河区'], ['130306', '抚宁区'],
    ['130321', '青龙满族自治县'], ['130322', '昌黎县'], ['130324', '卢龙县'],
  ]],
  ['130400', '邯郸市', [
    ['130402', '邯山区'], ['130403', '丛台区'], ['130404', '复兴区'], ['130406', '峰峰矿区'],
    ['130407', '肥乡区'], ['130408', '永年区'],
    ['130423', '临漳县'], ['130424', '成安县'], ['130425', '大名县'], ['130426', '涉县'],
    ['130427', '磁县'], ['130430', '邱县'], ['130431', '鸡泽县'], ['130432', '广平县'],
    ['130433', '馆陶县'], ['130434', '魏县'], ['130435', '曲周县'],
    ['130481', '武安市'],
  ]],
  ['130500', '邢台市', [
    ['130502', '襄都区'], ['130503', '信都区'], ['130505', '任泽区'], ['130506', '南和区'],
    ['130522', '临城县'], ['130523', '内丘县'], ['130524', '柏乡县'], ['130525', '隆尧县'],
    ['130528', '宁晋县'], ['130529', '巨鹿县'], ['130530', '新河县'], ['130531', '广宗县'],
    ['130532', '平乡县'], ['130533', '威县'], ['130534', '清河县'], ['130535', '临西县'],
    ['130581', '南宫市'], ['130582', '沙河市'],
  ]],
  ['130600', '保定市', [
    ['130602', '竞秀区'], ['130606', '莲池区'], ['130607', '满城区'], ['130608', '清苑区'],
    ['130609', '徐水区'],
    ['130623', '涞水县'], ['130624', '阜平县'], ['130626', '定兴县'], ['130627', '唐县'],
    ['130628', '高阳县'], ['130629', '容城县'], ['130630', '涞源县'], ['130631', '望都县'],
    ['130632', '安新县'], ['130633', '易县'], ['130634', '曲阳县'], ['130635', '蠡县'],
    ['130636', '顺平县'], ['130637', '博野县'], ['130638', '雄县'],
    ['130681', '涿州市'], ['130682', '定州市'], ['130683', '安国市'], ['130684', '高碑店市'],
  ]],
  ['130700', '张家口市', [
    ['130702', '桥东区'], ['130703', '桥西区'], ['130705', '宣化区'], ['130706', '下花园区'],
    ['130708', '万全区'], ['130709', '崇礼区'],
    ['130722', '张北县'], ['130723', '康保县'], ['130724', '沽源县'], ['130725', '尚义县'],
    ['130726', '蔚县'], ['130727', '阳原县'], ['130728', '怀安县'], ['130730', '怀来县'],
    ['130731', '涿鹿县'], ['130732', '赤城县'],
  ]],
  ['130800', '承德市', [
    ['130802', '双桥区'], ['130803', '双滦区'], ['130804', '鹰手营子矿区'],
    ['130821', '承德县'], ['130822', '兴隆县'], ['130824', '滦平县'], ['130825', '隆化县'],
    ['130826', '丰宁满族自治县'], ['130827', '宽城满族自治县'], ['130828', '围场满族蒙古族自治县'],
    ['130881', '平泉市'],
  ]],
  ['130900', '沧州市', [
    ['130902', '新华区'], ['130903', '运河区'],
    ['130921', '沧县'], ['130922', '青县'], ['130923', '东光县'], ['130924', '海兴县'],
    ['130925', '盐山县'], ['130926', '肃宁县'], ['130927', '南皮县'], ['130928', '吴桥县'],
    ['130929', '献县'], ['130930', '孟村回族自治县'],
    ['130981', '泊头市'], ['130982', '任丘市'], ['130983', '黄骅市'], ['130984', '河间市'],
  ]],
  ['131000', '廊坊市', [
    ['131002', '安次区'], ['131003', '广阳区'],
    ['131022', '固安县'], ['131023', '永清县'], ['131024', '香河县'], ['131025', '大城县'],
    ['131026', '文安县'], ['131028', '大厂回族自治县'],
    ['131081', '霸州市'], ['131082', '三河市'],
  ]],
  ['131100', '衡水市', [
    ['131102', '桃城区'], ['131103', '冀州区'],
    ['131121', '枣强县'], ['131122', '武邑县'], ['131123', '武强县'], ['131124', '饶阳县'],
    ['131125', '安平县'], ['131126', '故城县'], ['131127', '景县'], ['131128', '阜城县'],
    ['131182', '深州市'],
  ]],
];

const XIONGAN_MEMBERS = ['130629', '130632', '130638']; // 容城县, 安新县, 雄县

function buildRegions(): Region[] {
  const regions: Region[] = [{ code: PROVINCE, name: '河北省', level: 'province' }];
  for (const [cityCode, cityName, counties] of HEBEI) {
    regions.push({ code: cityCode, name: cityName, level: 'city', parent: PROVINCE });
    for (const [code, name] of counties) {
      const county: Region = { code, name, level: 'county', parent: cityCode };
      if (DIRECTLY_ADMINISTERED.has(code)) county.directlyAdministered = true;
      regions.push(county);
    }
  }
  regions.push({
    code: XIONGAN,
    name: '雄安新区',
    level: 'city',
    parent: PROVINCE,
    virtual: true,
    members: [...XIONGAN_MEMBERS],
  });
  return regions;
}

export const REGIONS: readonly Region[] = buildRegions();

const BY_CODE: ReadonlyMap<string, Region> = new Map(REGIONS.map((r) => [r.code, r]));

// county code -> virtual regions that include it
const VIRTUAL_BY_MEMBER: ReadonlyMap<string, string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const r of REGIONS) {
    for (const m of r.members ?? []) map.set(m, [...(map.get(m) ?? []), r.code]);
  }
  return map;
})();

export function findRegion(code: string): Region | undefined {
  return BY_CODE.get(code.trim());
}

export function isHebeiRegion(code: string): boolean {
  return findRegion(code) !== undefined;
}

// Nearest first: parent chain, with any virtual region (雄安) placed among the city-level
// ancestors, e.g. 130629 -> ['130600', '133100', '130000']. Unknown codes have none.
export function regionAncestors(code: string): string[] {
  const start = findRegion(code);
  if (!start) return [];
  const chain: string[] = [];
  let current = start.parent ? BY_CODE.get(start.parent) : undefined;
  while (current) {
    chain.push(current.code);
    current = current.parent ? BY_CODE.get(current.parent) : undefined;
  }
  const virtual = VIRTUAL_BY_MEMBER.get(start.code) ?? [];
  if (virtual.length === 0) return chain;
  const provinceAt = chain.indexOf(PROVINCE);
  return [...chain.slice(0, provinceAt), ...virtual, ...chain.slice(provinceAt)];
}

// '河北省 石家庄市 长安区'; an unknown code is returned as it is, so a label never disappears
export function regionLabel(code: string): string {
  const region = findRegion(code);
  if (!region) return code;
  const names: string[] = [region.name];
  let current = region.parent ? BY_CODE.get(region.parent) : undefined;
  while (current) {
    names.unshift(current.name);
    current = current.parent ? BY_CODE.get(current.parent) : undefined;
  }
  return names.join(' ');
}
