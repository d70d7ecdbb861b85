// Word lists for plausible Hebei subject names. Data only; the generator combines them.

// Industry of a demo subject: picks the words of its name and which violations and licenses fit it.
export const INDUSTRIES = [
  'trade', 'food', 'construction', 'realestate', 'property', 'manufacturing', 'chemical', 'steel',
  'building-materials', 'mining', 'energy', 'logistics', 'passenger', 'auto-repair', 'tech',
  'consulting', 'medical', 'medical-institution', 'tourism', 'entertainment', 'public-place', 'hr',
  'finance', 'agri', 'education',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

// [surname, relative frequency]; the most common surnames in Hebei
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 98], ['李', 96], ['张', 92], ['刘', 78], ['赵', 45], ['杨', 40], ['陈', 32], ['高', 26],
  ['孙', 24], ['郭', 22], ['马', 21], ['田', 18], ['董', 17], ['周', 16], ['吴', 14], ['徐', 14],
  ['朱', 13], ['许', 12], ['何', 10], ['胡', 12], ['魏', 11], ['韩', 12], ['宋', 11], ['曹', 10],
  ['郑', 9], ['冯', 9], ['吕', 8], ['崔', 9], ['石', 9], ['贾', 9], ['白', 8], ['杜', 8],
  ['袁', 6], ['梁', 7], ['范', 7], ['侯', 7], ['常', 7], ['孟', 7], ['任', 7], ['史', 6],
  ['邢', 6], ['卢', 5], ['苏', 5], ['薛', 5], ['谢', 5], ['霍', 5], ['尹', 4], ['路', 4],
  ['耿', 4], ['闫', 5], ['齐', 4], ['付', 4], ['彭', 4], ['牛', 4], ['边', 3], ['孔', 3],
  ['申', 3], ['安', 3], ['康', 3], ['靳', 3], ['甄', 2], ['庞', 2], ['温', 3], ['翟', 2],
  ['欧阳', 1], ['司马', 1],
];

export const MALE_GIVEN_SINGLE: readonly string[] = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞',
  '鑫', '波', '宇', '浩', '凯', '健', '俊', '帅', '旭', '宁', '龙', '林', '洋', '亮', '建', '国',
  '东', '文', '志', '海', '峰', '振', '博', '晨', '阳', '泽', '昊', '雷', '坤', '彬', '锋', '利',
];
export const MALE_GIVEN_FIRST: readonly string[] = [
  '建', '志', '国', '海', '永', '文', '子', '浩', '俊', '宇', '明', '振', '晓', '立', '家', '世',
  '嘉', '金', '宏', '春', '长', '红', '新', '德', '庆', '少', '学', '占', '双', '铁',
];
export const FEMALE_GIVEN_SINGLE: readonly string[] = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '燕', '玲', '婷', '雪', '慧', '莹', '颖', '琳',
  '晶', '红', '梅', '倩', '璐', '欣', '悦', '佳', '萌', '丹', '洁', '琪', '月', '薇', '蕾', '萍',
];
export const FEMALE_GIVEN_FIRST: readonly string[] = [
  '晓', '丽', '秀', '美', '雅', '佳', '欣', '雨', '思', '梦', '紫', '春', '文', '淑', '玉', '海',
  '桂', '凤', '素', '彩', '小', '金', '慧', '艳',
];

// Brand words (字号) as used by real firms; more are composed from BRAND_CHARS.
export const BRANDS: readonly string[] = [
  '华信达', '恒盛', '鑫源', '博远', '金泰', '宏达', '永盛', '润丰', '冀中', '天成', '瑞祥', '德润',
  '众诚', '嘉禾', '盛世', '鼎盛', '中鼎', '正元', '兴旺', '隆鑫', '汇通', '广源', '宏业', '昌盛',
  '腾飞', '泰和', '祥瑞', '旭日', '万通', '荣达', '安康', '福源', '晟泰', '昊天', '泽润', '宇通',
  '新锦', '辉煌', '联创', '冀发', '燕赵', '太行', '滹沱', '渤海', '长城', '京冀', '金鼎', '信诚',
  '华北', '鸿运', '顺达', '恒通', '金盛', '利民', '惠民', '百顺', '佳和', '君安', '同创', '凯旋',
  '聚鑫', '益民', '开元', '和泰', '明德', '诚信', '亿达', '金桥', '通达', '兴业', '丰源', '华远',
];
export const BRAND_CHARS: readonly string[] = [
  '华', '信', '达', '恒', '盛', '鑫', '源', '博', '远', '金', '泰', '宏', '永', '润', '丰', '天',
  '成', '瑞', '祥', '德', '众', '诚', '嘉', '禾', '鼎', '中', '正', '元', '兴', '旺', '隆', '汇',
  '通', '广', '业', '昌', '腾', '飞', '和', '旭', '万', '荣', '安', '康', '福', '晟', '昊', '泽',
  '宇', '新', '锦', '辉', '联', '创', '佳', '利', '益', '凯', '亿', '聚', '顺', '合', '瀚', '卓',
];

export type CompanyWords = {
  industry: Industry;
  weight: number;
  words: readonly string[];
  form?: readonly string[]; // instead of the usual 有限公司 forms
};

// Industry words of company names (石家庄华信达[商贸]有限公司)
export const COMPANY_INDUSTRIES: readonly CompanyWords[] = [
  { industry: 'trade', weight: 16, words: ['商贸', '贸易', '商业', '百货', '电子商务', '供应链管理'] },
  { industry: 'food', weight: 10, words: ['食品', '餐饮管理', '饮品', '粮油', '肉类食品', '乳业'] },
  { industry: 'construction', weight: 9, words: ['建筑工程', '建设工程', '市政工程', '装饰工程', '建筑安装工程', '园林绿化工程'] },
  { industry: 'realestate', weight: 3, words: ['房地产开发', '置业'] },
  { industry: 'property', weight: 2, words: ['物业服务', '物业管理'] },
  { industry: 'manufacturing', weight: 9, words: ['机械制造', '机械设备', '五金制品', '金属制品', '塑料制品', '包装制品', '汽车配件', '电器'] },
  { industry: 'chemical', weight: 3, words: ['化工', '新材料', '涂料', '化工科技'] },
  { industry: 'steel', weight: 2, words: ['钢铁', '钢管', '铸造', '特钢'] },
  { industry: 'building-materials', weight: 3, words: ['建材', '水泥制品', '玻璃', '新型建材'] },
  { industry: 'mining', weight: 1, words: ['矿业', '石料', '砂石'] },
  { industry: 'energy', weight: 2, words: ['能源', '热力', '燃气', '新能源', '石油销售'] },
  { industry: 'logistics', weight: 5, words: ['物流', '运输', '货运', '仓储物流'] },
  { industry: 'passenger', weight: 1, words: ['客运', '出租汽车', '公交'] },
  { industry: 'auto-repair', weight: 2, words: ['汽车销售服务', '汽车维修服务', '机动车检测'] },
  { industry: 'tech', weight: 8, words: ['科技', '信息技术', '网络科技', '软件', '电子科技', '智能科技'] },
  { industry: 'consulting', weight: 4, words: ['企业管理咨询', '财务咨询', '财税服务', '商务信息咨询', '广告', '文化传媒'] },
  { industry: 'medical', weight: 3, words: ['医药', '药业', '医疗器械', '大药房连锁'] },
  { industry: 'tourism', weight: 2, words: ['国际旅行社', '旅行社', '酒店管理', '旅游开发'] },
  { industry: 'entertainment', weight: 1, words: ['文化娱乐', '网络会所', '演艺'] },
  { industry: 'public-place', weight: 2, words: ['宾馆', '洗浴服务', '美容美发'] },
  { industry: 'hr', weight: 2, words: ['人力资源服务', '劳务派遣', '劳务'] },
  { industry: 'finance', weight: 1, words: ['融资担保', '小额贷款', '保险代理'] },
  { industry: 'finance', weight: 0.3, words: ['农村商业银行'], form: ['股份有限公司'] },
  { industry: 'agri', weight: 3, words: ['农业开发', '农业科技', '养殖', '种植', '农牧'] },
];

export const COMPANY_FORMS: readonly (readonly [string, number])[] = [
  ['有限公司', 70], ['有限责任公司', 16], ['股份有限公司', 5], ['集团有限公司', 3],
];

// 个体工商户 business words (桥西区王记[面馆])
export const SHOP_WORDS: readonly (readonly [Industry, readonly string[], number])[] = [
  ['food', ['面馆', '饭店', '快餐店', '烧烤店', '包子铺', '熟食店', '饺子馆', '火锅店', '小吃部', '早点部', '驴肉火烧店', '蛋糕房'], 30],
  ['trade', ['便利店', '超市', '日用百货店', '五金商店', '烟酒店', '建材商店', '服装店', '水果店', '粮油店', '副食店', '批发部', '门市部', '家电商行'], 36],
  ['auto-repair', ['汽车修理部', '汽车美容店', '轮胎店', '汽修厂'], 7],
  ['public-place', ['理发店', '美容美发店', '足疗店', '洗浴中心', '旅馆', '宾馆'], 10],
  ['medical', ['大药房', '药店'], 4],
  ['medical-institution', ['诊所', '中医诊所', '口腔诊所'], 3],
  ['logistics', ['货运部', '物流配送站', '搬家服务部'], 5],
  ['entertainment', ['网吧', 'KTV', '台球厅'], 3],
  ['agri', ['养殖场', '家庭农场', '农资经营部'], 2],
];

export const TOWN_CHARS: readonly string[] = [
  '城', '关', '东', '西', '南', '北', '马', '王', '李', '张', '家', '庄', '店', '河', '口', '集',
  '屯', '营', '堡', '头', '桥', '寺', '官', '新', '辛', '留', '杨', '柳', '高', '窑', '坊', '铺',
];

export const ROADS: readonly string[] = [
  '中山路', '建设大街', '和平路', '裕华路', '胜利大街', '友谊大街', '新华路', '人民路', '解放路',
  '育才街', '槐安路', '体育大街', '南二环', '北二环', '长江大道', '黄河大道', '朝阳路', '光明路',
  '迎宾路', '开发区路', '工业街', '府前街', '文化路', '东风路', '跃进路', '红旗大街', '石家庄路',
];

export const CN_NUMBERS: readonly string[] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

// Share of subjects per city (roughly enterprise counts); keys are GB/T 2260 city codes
export const CITY_WEIGHTS: Readonly<Record<string, number>> = {
  '130100': 20, '130200': 14, '130300': 4, '130400': 12, '130500': 9, '130600': 14,
  '130700': 5, '130800': 4, '130900': 9, '131000': 8, '131100': 5,
};

// Letter of a city on number plates and registers (冀A = 石家庄)
export const CITY_LETTERS: Readonly<Record<string, string>> = {
  '130100': 'A', '130200': 'B', '130300': 'C', '130400': 'D', '130500': 'E', '130600': 'F',
  '130700': 'G', '130800': 'H', '130900': 'J', '131000': 'R', '131100': 'T',
};

// 经营范围 by industry, for business-registration licenses
export const SCOPES: Readonly<Record<Industry, string>> = {
  trade: '日用百货、五金交电、建筑材料、服装鞋帽、电子产品销售',
  food: '食品经营；餐饮服务；食用农产品零售',
  construction: '房屋建筑工程、市政公用工程、园林绿化工程施工；建筑劳务分包',
  realestate: '房地产开发经营；物业管理；住房租赁',
  property: '物业管理；家政服务；停车场服务',
  manufacturing: '通用设备制造；金属制品加工；机械零部件加工及销售',
  chemical: '化工产品生产（不含许可类化工产品）；化工产品销售；新材料技术研发',
  steel: '钢、铁冶炼；钢压延加工；金属材料销售',
  'building-materials': '水泥制品制造；建筑材料生产及销售',
  mining: '建筑用石料开采、加工及销售',
  energy: '热力生产和供应；燃气经营；新能源技术开发',
  logistics: '道路货物运输（不含危险货物）；普通货物仓储服务；装卸搬运',
  passenger: '道路旅客运输经营；出租汽车客运',
  'auto-repair': '机动车修理和维护；汽车零配件零售；洗车服务',
  tech: '软件开发；信息技术咨询服务；信息系统集成服务',
  consulting: '企业管理咨询；财务咨询；代理记账；广告设计、代理',
  medical: '药品零售；第二类医疗器械销售；保健食品销售',
  'medical-institution': '医疗服务',
  tourism: '旅游业务；住宿服务；会议及展览服务',
  entertainment: '互联网上网服务；娱乐性展览；文艺表演',
  'public-place': '住宿服务；洗浴服务；美容美发服务',
  hr: '劳务派遣服务；职业中介活动；人力资源服务',
  finance: '融资担保业务；非融资担保服务；与担保业务有关的咨询',
  agri: '谷物种植；牲畜饲养；农产品初加工及销售',
  education: '职业技能培训；文化艺术培训',
};

export const HIGHWAYS: readonly string[] = [
  'G107国道', 'G307国道', 'G112国道', 'G207国道', 'S201省道', 'S303省道', '京港澳高速', '荣乌高速', '京昆高速',
];

export const BUILDING_WORDS: readonly string[] = ['花园', '雅苑', '家园', '商业广场', '产业园', '科技园', '中心小区', '御府', '学府'];
export const PROJECT_PRODUCTS: readonly string[] = ['铸件', '塑料制品', '新型建材', '机械配件', '精细化工产品', '钢结构件', '食品', '光伏组件'];
