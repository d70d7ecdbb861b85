import type { LicenseCase } from './demo.text.ts';

// Administrative licenses by domain: decision document, kind, certificate, number format and
// content belong together. Data only; weights are relative frequencies.

const ORG_IND = ['organization', 'individual_business'] as const;
const PLANTS = ['manufacturing', 'chemical', 'steel', 'building-materials', 'mining', 'energy'] as const;

const pad = (n: number, width: number): string => String(n % 10 ** width).padStart(width, '0');
const yy = (year: number): string => String(year % 100).padStart(2, '0');
// a made-up check digit, so numbers do not end in a visible sequence
const digitSum = (s: string): number => {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s.charCodeAt(i);
  return sum % 10;
};

export const LICENSE_CASES: readonly LicenseCase[] = [
  // ---- market regulation ----
  {
    kind: 'market-regulation', weight: 10, subjects: ORG_IND, industries: ['food', 'trade'],
    title: '食品经营许可决定书', category: '普通', certificate: '食品经营许可证',
    number: (c) => {
      const body = `JY${1 + (c.rand % 3)}${c.regionCode}${pad(c.serial, 6)}`;
      return body + digitSum(body);
    },
    goods: [
      '预包装食品（含冷藏冷冻食品）销售；散装食品（不含冷藏冷冻食品）销售',
      '热食类食品制售；冷食类食品制售',
      '预包装食品销售；保健食品销售；婴幼儿配方乳粉销售',
      '热食类食品制售；自制饮品制售',
      '糕点类食品（含裱花蛋糕）制售',
    ],
    items: ['食品销售经营者', '餐饮服务经营者', '单位食堂', '食品销售经营者（网络经营）'],
    content: [
      (c) => `主体业态：${c.item}；经营项目：${c.goods}`,
      (c) => `经营项目：${c.goods}`,
    ],
    months: 60,
  },
  {
    kind: 'market-regulation', weight: 2, subjects: ['organization'], industries: ['food'],
    title: '食品生产许可决定书', category: '普通', certificate: '食品生产许可证',
    number: (c) => {
      const body = `SC1${pad(1 + (c.rand % 31), 2)}${c.regionCode}${pad(c.serial, 4)}`;
      return body + digitSum(body);
    },
    goods: ['糕点；饮料', '粮食加工品；速冻食品', '肉制品', '乳制品', '调味品；食用油、油脂及其制品', '酒类', '方便食品'],
    content: [(c) => `食品类别：${c.goods}`],
    months: 60,
  },
  {
    kind: 'market-regulation', weight: 10, subjects: ORG_IND,
    title: '准予设立登记通知书', category: '登记', certificate: '营业执照',
    number: (c) => c.uscc,
    content: [
      (c) => `准予设立登记。经营范围：${c.scope}（依法须经批准的项目，经相关部门批准后方可开展经营活动）`,
      (c) => `设立登记；经营范围：${c.scope}`,
    ],
    months: 'long',
  },
  {
    kind: 'market-regulation', weight: 6, subjects: ORG_IND,
    title: '准予变更登记通知书', category: '登记', certificate: '营业执照',
    number: (c) => c.uscc,
    goods: ['住所变更', '法定代表人（负责人）变更', '注册资本变更', '经营范围变更', '名称变更', '投资人（股权）变更'],
    content: [
      (c) => `准予变更登记。变更事项：${c.goods}`,
      (c) => `变更登记：${c.goods}`,
    ],
    months: 'long',
  },
  {
    kind: 'market-regulation', weight: 1, subjects: ['organization'], industries: ['manufacturing', 'building-materials', 'chemical'],
    title: '准予行政许可决定书', category: '普通', certificate: '全国工业产品生产许可证',
    number: (c) => `（冀）XK${pad(1 + (c.rand % 16), 2)}-${pad(1 + (c.rand % 7), 3)}-${pad(c.serial, 5)}`,
    goods: ['电线电缆', '危险化学品（工业硫酸）', '建筑用钢筋', '水泥', '化肥', '防爆电气'],
    content: [(c) => `产品名称：${c.goods}；生产地址：${c.place}`],
    months: 60,
  },
  {
    kind: 'market-regulation', weight: 2, subjects: ['organization'], industries: ['realestate', 'property', 'trade', 'manufacturing'],
    title: '特种设备使用登记决定', category: '登记', certificate: '特种设备使用登记证',
    number: (c) => `梯11冀${c.cityLetter}${pad(c.serial, 5)}(${yy(c.year)})`,
    goods: ['曳引驱动乘客电梯', '自动扶梯', '液压驱动电梯', '杂物电梯'],
    content: [(c) => `设备类别：电梯；设备品种：${c.goods}；使用地点：${c.place}`],
    months: 'long',
  },
  {
    kind: 'market-regulation', weight: 1, subjects: ORG_IND, industries: ['medical'],
    title: '药品经营许可决定书', category: '普通', certificate: '药品经营许可证',
    number: (c) => `冀CB${c.regionCode.slice(0, 4)}${pad(c.serial, 4)}`,
    goods: [
      '中成药、化学药制剂、抗生素制剂、生化药品、生物制品（除疫苗）',
      '中药饮片、中成药、化学药制剂、抗生素制剂',
      '处方药、甲类非处方药、乙类非处方药：中成药、化学药制剂',
    ],
    content: [(c) => `经营方式：零售；经营范围：${c.goods}`],
    months: 60,
  },
  {
    kind: 'market-regulation', weight: 3, subjects: ['person'],
    title: '特种设备作业人员资格认定决定', category: '认可', certificate: '特种设备安全管理和作业人员证',
    number: (c) => c.idNumber,
    goods: ['叉车司机（N1）', '电梯修理（T）', '起重机指挥（Q1）', '工业锅炉司炉（G1）', '快开门式压力容器操作（R1）'],
    content: [(c) => `作业项目：${c.goods}`],
    months: 48,
  },

  // ---- ecology and environment ----
  {
    kind: 'ecology-environment', weight: 4, subjects: ['organization'], industries: [...PLANTS, 'food', 'agri'],
    title: '排污许可决定书', category: '普通', certificate: '排污许可证',
    number: (c) => `${c.uscc}001${c.rand % 4 === 0 ? 'V' : 'P'}`,
    items: ['黑色金属铸造', '塑料制品业', '水泥制品制造', '化学原料和化学制品制造业', '热力生产和供应', '屠宰及肉类加工', '畜禽养殖'],
    goods: ['废气、废水', '废气', '废水', '废气、废水、工业固体废物'],
    content: [(c) => `行业类别：${c.item}；主要污染物类别：${c.goods}；生产经营场所地址：${c.place}`],
    months: 60,
  },
  {
    kind: 'ecology-environment', weight: 3, subjects: ['organization'], industries: [...PLANTS, 'food', 'agri', 'realestate', 'logistics'],
    title: '建设项目环境影响报告表批复', category: '普通', certificate: '',
    number: 'ref',
    base: [1000000, 50000000],
    content: [
      (c) => `原则同意${c.project}环境影响报告表结论，项目总投资${c.baseWan}万元，须落实报告表提出的各项污染防治措施。`,
      (c) => `${c.project}环境影响报告表审批：准予建设。`,
    ],
    months: 60,
  },
  {
    kind: 'ecology-environment', weight: 0.5, subjects: ['organization'], industries: ['chemical'],
    title: '危险废物经营许可决定书', category: '普通', certificate: '危险废物经营许可证',
    number: (c) => `冀危许${c.year}第${pad(c.serial, 3)}号`,
    goods: ['HW08废矿物油与含矿物油废物', 'HW12染料、涂料废物', 'HW49其他废物', 'HW31含铅废物'],
    content: [(c) => `核准经营危险废物类别：${c.goods}；经营方式：收集、贮存、利用`],
    months: 60,
  },

  // ---- emergency management ----
  {
    kind: 'emergency-management', weight: 1, subjects: ['organization'], industries: ['mining'],
    title: '安全生产许可决定书', category: '普通', certificate: '安全生产许可证',
    number: (c) => `（冀）FM安许证字〔${c.year}〕${pad(c.serial, 6)}`,
    goods: ['建筑石料用灰岩露天开采', '铁矿地下开采', '尾矿库运行'],
    content: [(c) => `许可范围：${c.goods}`],
    months: 36,
  },
  {
    kind: 'emergency-management', weight: 1, subjects: ['organization'], industries: ['chemical'],
    title: '安全生产许可决定书', category: '普通', certificate: '安全生产许可证',
    number: (c) => `（冀）WH安许证字〔${c.year}〕${pad(c.serial, 6)}`,
    goods: ['危险化学品生产（硫酸、盐酸）', '危险化学品生产（甲醇）', '危险化学品生产（液氨）'],
    content: [(c) => `许可范围：${c.goods}`],
    months: 36,
  },
  {
    kind: 'emergency-management', weight: 2, subjects: ORG_IND, industries: ['chemical', 'trade', 'energy'],
    title: '危险化学品经营许可决定书', category: '普通', certificate: '危险化学品经营许可证',
    number: (c) => `冀${c.cityAbbr}危化经字〔${c.year}〕${pad(c.serial, 6)}`,
    goods: ['汽油、柴油', '液化石油气', '硫酸、盐酸、氢氧化钠', '油漆、稀释剂', '乙醇'],
    items: ['不带储存设施经营', '带储存设施经营', '加油站零售'],
    content: [(c) => `许可范围：${c.goods}（${c.item}）`],
    months: 36,
  },
  {
    kind: 'emergency-management', weight: 1, subjects: ['individual_business'], industries: ['trade'],
    title: '烟花爆竹经营（零售）许可决定书', category: '普通', certificate: '烟花爆竹经营（零售）许可证',
    number: (c) => `冀${c.cityAbbr}烟零许证字〔${c.year}〕第${pad(c.serial, 4)}号`,
    qty: [50, 300],
    content: [(c) => `经营场所：${c.place}；储存限量：${c.qty}箱`],
    months: 12,
  },

  // ---- transport ----
  {
    kind: 'transport', weight: 4, subjects: ORG_IND, industries: ['logistics', 'passenger'],
    title: '道路运输经营行政许可决定书', category: '普通', certificate: '道路运输经营许可证',
    number: (c) => `冀交运管许可${c.cityAbbr}字${c.regionCode}${pad(c.serial, 6)}号`,
    goods: ['道路普通货物运输', '道路普通货物运输、货物专用运输（集装箱）', '道路危险货物运输（第3类）', '班车客运、包车客运', '巡游出租汽车客运'],
    content: [(c) => `经营范围：${c.goods}`],
    months: 48,
  },
  {
    kind: 'transport', weight: 2, subjects: ['person'],
    title: '出租汽车驾驶员从业资格认定决定书', category: '认可', certificate: '出租汽车驾驶员从业资格证',
    number: (c) => c.idNumber,
    goods: ['巡游出租汽车驾驶员', '网络预约出租汽车驾驶员'],
    content: [(c) => `从业资格类别：${c.goods}`],
    months: 72,
  },
  {
    kind: 'transport', weight: 1, subjects: ORG_IND, industries: ['logistics', 'steel', 'building-materials'],
    title: '超限运输车辆行驶公路许可决定书', category: '普通', certificate: '超限运输车辆通行证',
    number: (c) => `冀${c.year}${pad(c.serial, 8)}`,
    goods: ['风电叶片', '变压器', '大型钢结构件', '盾构机部件'],
    content: [(c) => `运输货物：${c.goods}；车货总质量${c.weight}吨；通行路线：${c.road}`],
    months: 3,
  },

  // ---- housing and construction ----
  {
    kind: 'housing-construction', weight: 3, subjects: ['organization'], industries: ['realestate', 'construction', 'manufacturing'],
    title: '建筑工程施工许可决定书', category: '普通', certificate: '建筑工程施工许可证',
    number: (c) => `${c.regionCode}${c.day.replaceAll('-', '')}${pad(c.serial, 4)}`,
    qty: [3000, 200000], base: [2000000, 300000000],
    content: [(c) => `工程名称：${c.building}；建设规模：${c.qty}平方米；合同价格：${c.baseWan}万元`],
    months: 'long',
  },
  {
    kind: 'housing-construction', weight: 1, subjects: ['organization'], industries: ['construction'],
    title: '建筑业企业资质认定决定书', category: '认可', certificate: '建筑业企业资质证书',
    number: (c) => `D213${pad(c.serial, 6)}`,
    goods: ['建筑工程施工总承包二级', '市政公用工程施工总承包三级', '建筑装修装饰工程专业承包二级', '施工劳务不分等级', '环保工程专业承包三级'],
    content: [(c) => `资质类别及等级：${c.goods}`],
    months: 60,
  },
  {
    kind: 'housing-construction', weight: 1, subjects: ['organization'], industries: ['realestate'],
    title: '商品房预售许可决定书', category: '普通', certificate: '商品房预售许可证',
    number: (c) => `${c.cityAbbr}房预售证第${c.year}${pad(c.serial, 4)}号`,
    qty: [1, 24],
    content: [(c) => `项目名称：${c.building}；预售范围：${c.qty}号楼；房屋用途：住宅`],
    months: 'long',
  },
  {
    kind: 'housing-construction', weight: 1, subjects: ['organization'], industries: ['construction'],
    title: '建筑施工企业安全生产许可决定书', category: '普通', certificate: '安全生产许可证',
    number: (c) => `（冀）JZ安许证字〔${c.year}〕${pad(c.serial, 6)}`,
    content: [() => '许可范围：建筑施工'],
    months: 36,
  },
  {
    kind: 'housing-construction', weight: 1, subjects: ['person'],
    title: '二级建造师注册决定', category: '认可', certificate: '中华人民共和国二级建造师注册证书',
    number: (c) => `冀2${c.regionCode.slice(2, 4)}${c.year}${pad(c.serial, 5)}`,
    goods: ['建筑工程', '市政公用工程', '机电工程', '公路工程'],
    content: [(c) => `注册专业：${c.goods}`],
    months: 36,
  },

  // ---- health ----
  {
    kind: 'health', weight: 2, subjects: ORG_IND, industries: ['medical-institution'],
    title: '医疗机构执业许可决定书', category: '普通', certificate: '医疗机构执业许可证',
    number: (c) => `PDY${pad(c.serial, 5)}${c.regionCode}${pad(10 + (c.rand % 90), 2)}A1${pad(c.rand % 1000, 3)}`,
    goods: ['内科；外科；中医科', '全科医疗科', '口腔科', '预防保健科；内科；医学检验科', '中医科；针灸科'],
    content: [(c) => `诊疗科目：${c.goods}`],
    months: 60,
  },
  {
    kind: 'health', weight: 3, subjects: ORG_IND, industries: ['public-place', 'tourism'],
    title: '公共场所卫生许可决定书', category: '普通', certificate: '公共场所卫生许可证',
    number: (c) => `${c.cityAbbr}卫公证字〔${c.year}〕第${c.regionCode}${pad(c.serial, 4)}号`,
    goods: ['住宿', '美容美发', '沐浴', '足浴', '游泳场所'],
    content: [(c) => `许可项目：${c.goods}`],
    months: 48,
  },
  {
    kind: 'health', weight: 2, subjects: ['person'],
    title: '医师执业注册决定', category: '认可', certificate: '医师执业证书',
    number: (c) => `110${c.regionCode}${pad(c.serial, 6)}`,
    items: ['临床', '中医', '口腔', '公共卫生'],
    goods: ['内科专业', '外科专业', '全科医学专业', '中医专业', '口腔专业'],
    content: [(c) => `执业类别：${c.item}；执业范围：${c.goods}`],
    months: 'long',
  },
  {
    kind: 'health', weight: 0.5, subjects: ['organization'], industries: ['medical-institution'],
    title: '放射诊疗许可决定书', category: '普通', certificate: '放射诊疗许可证',
    number: (c) => `冀卫放证字〔${c.year}〕第${pad(c.serial, 6)}号`,
    content: [() => '许可项目：X射线影像诊断'],
    months: 60,
  },

  // ---- culture and tourism ----
  {
    kind: 'culture-tourism', weight: 1, subjects: ['organization'], industries: ['tourism'],
    title: '旅行社业务经营许可决定书', category: '普通', certificate: '旅行社业务经营许可证',
    number: (c) => `L-HEB-${pad(c.serial, 5)}`,
    goods: ['境内旅游业务、入境旅游业务', '境内旅游业务、入境旅游业务、出境旅游业务'],
    content: [(c) => `经营范围：${c.goods}`],
    months: 'long',
  },
  {
    kind: 'culture-tourism', weight: 1, subjects: ['organization'], industries: ['entertainment', 'tech'],
    title: '网络文化经营许可决定书', category: '普通', certificate: '网络文化经营许可证',
    number: (c) => `冀网文〔${c.year}〕${pad(c.serial, 4)}-${pad(c.rand % 1000, 3)}号`,
    goods: ['利用信息网络经营音乐娱乐产品、演出剧（节）目', '利用信息网络经营表演、艺术品', '利用信息网络经营动漫产品'],
    content: [(c) => `经营范围：${c.goods}`],
    months: 36,
  },
  {
    kind: 'culture-tourism', weight: 1, subjects: ORG_IND, industries: ['entertainment'],
    title: '娱乐经营许可决定书', category: '普通', certificate: '娱乐经营许可证',
    number: (c) => `${c.regionCode}${pad(c.serial, 6)}`,
    goods: ['歌舞娱乐场所', '游艺娱乐场所'],
    content: [(c) => `经营范围：${c.goods}`],
    months: 24,
  },
  {
    kind: 'culture-tourism', weight: 0.5, subjects: ['organization'], industries: ['entertainment', 'consulting', 'tourism'],
    title: '营业性演出许可决定书', category: '普通', certificate: '营业性演出许可证',
    number: (c) => `${c.regionCode.slice(0, 4)}00120${pad(c.serial, 5)}`,
    content: [() => '经营范围：演出经纪'],
    months: 24,
  },
  {
    kind: 'culture-tourism', weight: 1, subjects: ['person'],
    title: '导游证核发决定', category: '认可', certificate: '导游证',
    number: (c) => `D-1300-${pad(c.serial, 6)}`,
    goods: ['普通话', '英语', '日语', '俄语'],
    content: [(c) => `导游语种：${c.goods}`],
    months: 36,
  },

  // ---- human resources ----
  {
    kind: 'human-resources', weight: 1, subjects: ['organization'], industries: ['hr', 'consulting', 'construction'],
    title: '劳务派遣经营许可决定书', category: '普通', certificate: '劳务派遣经营许可证',
    number: (c) => `${c.regionCode}${c.year}${pad(c.serial, 5)}`,
    content: [() => '经营范围：劳务派遣'],
    months: 36,
  },
  {
    kind: 'human-resources', weight: 1, subjects: ['organization'], industries: ['hr', 'consulting'],
    title: '人力资源服务许可决定书', category: '普通', certificate: '人力资源服务许可证',
    number: (c) => `（冀）人服证字〔${c.year}〕第${c.regionCode.slice(0, 4)}${pad(c.serial, 6)}号`,
    goods: ['职业介绍；人力资源供求信息的收集和发布', '人力资源招聘；人才测评', '人力资源培训；高级人才寻访'],
    content: [(c) => `许可业务：${c.goods}`],
    months: 'long',
  },

  // ---- finance ----
  {
    kind: 'finance', weight: 1, subjects: ['organization'], industries: ['consulting'],
    title: '准予代理记账行政许可决定书', category: '普通', certificate: '代理记账许可证书',
    number: (c) => `DLJZ${c.regionCode}${c.year}${pad(c.serial, 4)}`,
    content: [() => '业务范围：代理记账；会计咨询；税务代理'],
    months: 'long',
  },

  // ---- development and reform ----
  {
    kind: 'development-reform', weight: 1, subjects: ['organization'], industries: ['energy', 'steel', 'chemical', 'manufacturing'],
    title: '企业投资项目核准批复', category: '核准', certificate: '',
    number: 'ref',
    base: [10000000, 1000000000],
    content: [(c) => `核准${c.project}，项目总投资${c.baseWan}万元。`],
    months: 24,
  },
  {
    kind: 'development-reform', weight: 1, subjects: ['organization'], industries: PLANTS,
    title: '固定资产投资项目节能审查意见', category: '其他', certificate: '',
    number: 'ref',
    qty: [1000, 50000],
    content: [(c) => `原则同意${c.project}节能报告，项目年综合能源消费量${c.qty}吨标准煤（当量值）。`],
    months: 24,
  },

  // ---- financial regulation ----
  {
    kind: 'financial-regulation', weight: 0.3, subjects: ['organization'], industries: ['finance'],
    title: '开业批复', category: '特许', certificate: '金融许可证',
    number: (c) => `B${pad(c.rand % 10000, 4)}H2${c.regionCode.slice(0, 4)}${pad(c.serial, 4)}`,
    content: [() => '业务范围：吸收公众存款；发放短期、中期和长期贷款；办理国内结算；办理票据承兑与贴现'],
    months: 'long',
  },
  {
    kind: 'financial-regulation', weight: 0.5, subjects: ['person'],
    title: '任职资格核准批复', category: '核准', certificate: '',
    number: 'ref',
    items: ['董事长', '行长', '副行长', '支行行长', '总经理'],
    content: [(c) => `核准${c.name}${c.item}任职资格。`],
    months: 'long',
  },

  // ---- tax ----
  {
    kind: 'tax', weight: 2, subjects: ORG_IND,
    title: '准予税务行政许可决定书', category: '其他', certificate: '',
    number: 'ref',
    goods: ['十万元', '一百万元', '一万元'],
    content: [(c) => `增值税专用发票（增值税税控系统）最高开票限额审批：准予最高开票限额${c.goods}。`],
    months: 'long',
  },
];
