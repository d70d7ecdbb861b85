import type { PenaltyCase } from './demo.text.ts';

// Administrative penalty cases by domain: violation type, facts, breached provision and legal
// basis belong together, and fines stay inside the range the cited article allows.
// Data only; weights are relative frequencies (overdue tax filing is by far the most common).

const FOOD_TRADE = ['food', 'trade'] as const;
const PLANTS = ['manufacturing', 'chemical', 'steel', 'building-materials', 'mining', 'energy'] as const;
const WORKPLACES = [...PLANTS, 'construction', 'logistics', 'agri', 'auto-repair'] as const;
const ORG_IND = ['organization', 'individual_business'] as const;
const ALL = ['organization', 'individual_business', 'person'] as const;

const SAFETY_LAW = '《中华人民共和国安全生产法》';
const FOOD_LAW = '《中华人民共和国食品安全法》';
const AIR_LAW = '《中华人民共和国大气污染防治法》';
const TAX_LAW = '《中华人民共和国税收征收管理法》';
const ROAD_REG = '《中华人民共和国道路运输条例》';
const QUALITY_REG = '《建设工程质量管理条例》';
const PUBLIC_PLACE_RULES = '《公共场所卫生管理条例实施细则》';

export const PENALTY_CASES: readonly PenaltyCase[] = [
  // ---- market regulation ----
  {
    kind: 'market-regulation', weight: 8, subjects: ORG_IND, industries: FOOD_TRADE,
    type: '经营超过保质期的食品',
    violated: `${FOOD_LAW}第三十四条第（十）项`,
    basis: `${FOOD_LAW}第一百二十四条第一款第（五）项`,
    goods: [['酸奶', '盒'], ['火腿肠', '袋'], ['方便面', '袋'], ['饼干', '盒'], ['果汁饮料', '瓶'], ['面包', '袋'], ['速冻水饺', '袋'], ['酱油', '瓶'], ['糕点', '盒'], ['奶粉', '罐']],
    qty: [3, 120], value: [30, 4000], income: [5, 900], fine: [50000, 100000],
    warn: true, confiscate: 'income', revoke: '食品经营许可证',
    facts: [
      (c) => `${c.date}，执法人员对当事人位于${c.place}的经营场所进行检查，发现其货架上陈列的${c.goods}共计${c.qty}${c.unit}已超过保质期，仍在销售。经查，上述食品货值金额${c.value}元，违法所得${c.income}元。`,
      (c) => `经查，当事人自${c.from}起销售超过保质期的${c.goods}，至${c.date}被查获时已销售${c.qty}${c.unit}，货值金额${c.value}元，获得违法所得${c.income}元。`,
      (c) => `当事人于${c.date}在其经营场所内陈列销售超过保质期的${c.goods}${c.qty}${c.unit}，现场未能提供该批食品的进货查验记录，货值金额${c.value}元。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 5, subjects: ALL, industries: FOOD_TRADE,
    type: '未取得食品经营许可从事食品经营活动',
    violated: `${FOOD_LAW}第三十五条第一款`,
    basis: `${FOOD_LAW}第一百二十二条第一款`,
    goods: [['热食类食品', '份'], ['凉菜', '份'], ['自制饮品', '杯'], ['散装熟食', '公斤'], ['糕点', '公斤'], ['烧烤', '份']],
    qty: [20, 800], value: [200, 9000], income: [100, 6000], fine: [50000, 100000],
    confiscate: 'income',
    facts: [
      (c) => `当事人自${c.from}起在${c.place}从事${c.goods}加工销售活动，至${c.date}被查获时未取得食品经营许可证，违法经营的食品货值金额${c.value}元，违法所得${c.income}元。`,
      (c) => `${c.date}，执法人员检查发现当事人在未取得《食品经营许可证》的情况下，于${c.place}制售${c.goods}，经营期间共销售${c.qty}${c.unit}，获违法所得${c.income}元。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 6, subjects: ORG_IND, industries: FOOD_TRADE,
    type: '未按规定履行进货查验义务',
    violated: `${FOOD_LAW}第五十三条第一款`,
    basis: `${FOOD_LAW}第一百二十六条第一款第（三）项`,
    goods: [['冷冻肉制品', '箱'], ['食用油', '桶'], ['散装大米', '袋'], ['调味料', '箱'], ['进口水果', '箱'], ['鲜牛奶', '箱']],
    qty: [2, 60], fine: [5000, 50000], warn: true,
    facts: [
      (c) => `${c.date}，执法人员在当事人经营场所检查时发现，其采购的${c.goods}共${c.qty}${c.unit}无法提供供货者的许可证和产品合格证明文件，也未建立进货查验记录。`,
      (c) => `当事人自${c.from}至${c.periodEnd}期间采购${c.goods}，未查验供货者的许可证和食品合格证明文件，未如实记录食品名称、数量、进货日期及供货者信息。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 5, subjects: ORG_IND, industries: ['food'],
    type: '安排未取得健康证明的人员从事接触直接入口食品的工作',
    violated: `${FOOD_LAW}第四十五条第一款`,
    basis: `${FOOD_LAW}第一百二十六条第一款第（六）项`,
    fine: [5000, 50000], warn: true,
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人安排${c.people}名未取得健康证明的人员在后厨从事接触直接入口食品的加工工作。`,
      (c) => `经查，当事人自${c.from}起雇用的${c.people}名从业人员未进行健康检查、未取得健康证明即上岗从事食品加工、配餐工作。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 3, subjects: ORG_IND, industries: ['trade', 'medical', 'tech', 'consulting', 'food', 'realestate', 'education'],
    type: '发布虚假广告',
    violated: '《中华人民共和国广告法》第二十八条第一款',
    basis: '《中华人民共和国广告法》第五十五条第一款',
    goods: ['治愈率100%', '零风险、高回报', '全市销量第一', '无效退款', '国家级产品', '一次见效'],
    income: [500, 30000], fine: [3000, 200000], confiscate: 'income',
    facts: [
      (c) => `当事人自${c.from}起在其微信公众号及门店宣传页发布含有“${c.goods}”等内容的广告，所宣传内容无法提供证明材料，广告费用${c.income}元。`,
      (c) => `经查，当事人在其网络店铺商品详情页宣称所售商品“${c.goods}”，与实际情况不符，属于虚假广告，广告费用${c.income}元。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 2, subjects: ORG_IND, industries: ['trade', 'food', 'tech', 'medical', 'consulting', 'education'],
    type: '对商品作虚假或者引人误解的商业宣传',
    violated: '《中华人民共和国反不正当竞争法》第八条第一款',
    basis: '《中华人民共和国反不正当竞争法》第二十条第一款',
    goods: ['百年老店', '获得国家专利', '销量全国第一', '全部采用进口原料', '特供产品', '全国连锁'],
    fine: [200000, 1000000],
    facts: [
      (c) => `当事人在其经营场所及网络店铺宣称“${c.goods}”，经查无事实依据，构成对商品作虚假的商业宣传。`,
      (c) => `${c.date}，执法人员检查发现当事人在产品包装及宣传册上标注“${c.goods}”字样，当事人无法提供相关证明，欺骗、误导消费者。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 4, subjects: ORG_IND, industries: ['manufacturing', 'trade', 'building-materials', 'chemical'],
    type: '销售不合格产品',
    violated: '《中华人民共和国产品质量法》第三十九条',
    basis: '《中华人民共和国产品质量法》第五十条',
    goods: [['电线电缆', '卷'], ['热轧带肋钢筋', '吨'], ['预拌砂浆', '吨'], ['电动自行车头盔', '个'], ['转换插座', '个'], ['复合肥料', '袋'], ['塑钢门窗', '樘'], ['防水卷材', '卷']],
    items: ['标志标识', '主要性能指标', '安全性能', '质量指标'],
    qty: [10, 500], value: [2000, 80000], income: [200, 15000], fine: [1000, 120000],
    confiscate: 'income', revoke: '营业执照',
    facts: [
      (c) => `经${c.city}产品质量监督检验所抽样检验，当事人销售的${c.goods}${c.item}项目不符合国家标准要求，判定为不合格产品。涉案产品共${c.qty}${c.unit}，货值金额${c.value}元，违法所得${c.income}元。`,
      (c) => `${c.date}，当事人销售的${c.goods}经监督抽查，${c.item}不合格。经查，当事人自${c.from}起共销售该批次产品${c.qty}${c.unit}，货值金额${c.value}元。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 4, subjects: ORG_IND, industries: ['trade', 'food', 'public-place', 'auto-repair', 'medical'],
    type: '未按规定明码标价',
    violated: '《中华人民共和国价格法》第十三条第一款',
    basis: '《中华人民共和国价格法》第四十二条',
    qty: [3, 40], fine: [500, 5000], warn: true,
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人经营场所内销售的${c.qty}种商品未标明价格。`,
      (c) => `当事人在提供服务时未在经营场所醒目位置公示服务项目及收费标准，${c.date}被执法人员检查发现。`,
      (c) => `${c.date}，执法人员检查发现当事人在${c.place}的经营场所内商品标价签内容不全，未标明品名、产地、规格等信息，涉及商品${c.qty}种。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 2, subjects: ORG_IND, industries: ['trade', 'food', 'energy'],
    type: '使用未经检定的计量器具',
    violated: '《中华人民共和国计量法》第九条第一款',
    basis: '《中华人民共和国计量法实施细则》第四十三条',
    goods: [['电子计价秤', '台'], ['加油机', '台'], ['燃气表', '块'], ['台秤', '台']],
    qty: [1, 6], fine: [200, 1000],
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人用于贸易结算的${c.qty}${c.unit}${c.goods}未按规定申请周期检定，仍在使用。`,
      (c) => `经查，当事人自${c.from}起使用未经检定的${c.goods}${c.qty}${c.unit}进行贸易结算。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 3, subjects: ['organization'], industries: ['manufacturing', 'steel', 'chemical', 'realestate', 'property', 'trade', 'logistics', 'building-materials'],
    type: '使用未经定期检验的特种设备',
    violated: '《中华人民共和国特种设备安全法》第四十条第三款',
    basis: '《中华人民共和国特种设备安全法》第八十四条第（一）项',
    goods: [['乘客电梯', '台'], ['叉车', '台'], ['桥式起重机', '台'], ['压力容器', '台'], ['燃气锅炉', '台']],
    qty: [1, 4], fine: [30000, 300000],
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人使用的${c.qty}${c.unit}${c.goods}超过检验有效期，未申请定期检验，仍在继续使用。`,
      (c) => `经查，当事人在${c.place}使用的${c.goods}（共${c.qty}${c.unit}）定期检验有效期已于${c.periodEnd}届满，当事人未按规定申报检验。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 3, subjects: ['person'],
    type: '从事无照经营',
    violated: '《无证无照经营查处办法》第二条',
    basis: '《无证无照经营查处办法》第十三条',
    goods: ['日用百货销售', '餐饮', '废品回收', '手机维修', '服装销售', '农资销售'],
    income: [200, 8000], fine: [500, 10000], confiscate: 'income',
    facts: [
      (c) => `当事人自${c.from}起在${c.place}从事${c.goods}经营活动，至${c.date}未依法取得营业执照，违法所得${c.income}元。`,
      (c) => `${c.date}，执法人员检查发现当事人未取得营业执照，擅自在${c.county}从事${c.goods}经营，经营期间获利${c.income}元。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 2, subjects: ORG_IND, industries: ['trade'],
    type: '销售侵犯注册商标专用权的商品',
    violated: '《中华人民共和国商标法》第五十七条第（三）项',
    basis: '《中华人民共和国商标法》第六十条第二款',
    goods: [['运动鞋', '双'], ['白酒', '瓶'], ['服装', '件'], ['箱包', '个'], ['手机配件', '个'], ['润滑油', '桶']],
    qty: [5, 300], value: [500, 49000], fine: [5000, 250000], confiscate: 'goods',
    facts: [
      (c) => `${c.date}，执法人员在当事人经营场所查获标有他人注册商标的${c.goods}共${c.qty}${c.unit}，经商标权利人鉴定均为侵权商品，违法经营额${c.value}元。`,
      (c) => `经查，当事人自${c.from}起购进并销售假冒他人注册商标的${c.goods}，现场查获${c.qty}${c.unit}，违法经营额${c.value}元。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 1, subjects: ORG_IND, industries: ['medical'],
    type: '销售劣药',
    violated: '《中华人民共和国药品管理法》第九十八条第一款',
    basis: '《中华人民共和国药品管理法》第一百一十七条第一款',
    goods: [['板蓝根颗粒', '盒'], ['复方甘草片', '瓶'], ['阿莫西林胶囊', '盒'], ['中药饮片（黄芪）', '公斤'], ['感冒灵颗粒', '盒']],
    items: ['含量测定', '性状', '鉴别'],
    qty: [5, 200], value: [100, 6000], income: [20, 1500], fine: [100000, 200000],
    confiscate: 'income', revoke: '药品经营许可证',
    facts: [
      (c) => `经抽样检验，当事人销售的${c.goods}（批号：${c.batch}）${c.item}项不符合规定，判定为劣药。当事人共购进该批次药品${c.qty}${c.unit}，货值金额${c.value}元，违法所得${c.income}元。`,
    ],
  },
  {
    kind: 'market-regulation', weight: 2, subjects: ORG_IND, industries: ['trade', 'tech', 'food'],
    type: '未在网站首页显著位置公示营业执照信息',
    violated: '《中华人民共和国电子商务法》第十五条第一款',
    basis: '《中华人民共和国电子商务法》第七十六条第一款第（一）项',
    fine: [1000, 10000], warn: true,
    facts: [
      (c) => `${c.date}，执法人员网络监测发现当事人在第三方平台开设的网店首页未公示营业执照信息。`,
      (c) => `经查，当事人自${c.from}起通过网络店铺销售商品，未在首页显著位置持续公示营业执照信息及相关行政许可信息。`,
    ],
  },

  // ---- ecology and environment ----
  {
    kind: 'ecology-environment', weight: 4, subjects: ['organization'], industries: PLANTS,
    type: '超过大气污染物排放标准排放大气污染物',
    violated: `${AIR_LAW}第十八条`,
    basis: `${AIR_LAW}第九十九条第（二）项`,
    goods: ['锅炉废气排放口颗粒物', '烧结机头废气二氧化硫', '窑炉废气氮氧化物', '喷涂车间排气筒挥发性有机物', '燃煤锅炉二氧化硫'],
    fine: [100000, 1000000], limit: '限制生产', close: true,
    facts: [
      (c) => `${c.date}，执法人员对当事人进行现场检查，经${c.city}生态环境监测中心监测，当事人${c.goods}排放浓度超过国家排放标准${c.ratio}倍。`,
      (c) => `经查，当事人在线监测数据显示，其${c.goods}小时均值浓度自${c.from}以来多次超过排放限值，最高超标${c.ratio}倍。`,
    ],
  },
  {
    kind: 'ecology-environment', weight: 4, subjects: ORG_IND, industries: ['manufacturing', 'chemical', 'auto-repair'],
    type: '产生含挥发性有机物废气的生产活动未采取污染防治措施',
    violated: `${AIR_LAW}第四十五条`,
    basis: `${AIR_LAW}第一百零八条第（一）项`,
    goods: ['喷漆', '调漆', '印刷', '家具喷涂', '烤漆'],
    fine: [20000, 200000], suspend: true,
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人${c.goods}作业未在密闭空间内进行，未安装使用挥发性有机物污染防治设施，废气直接无组织排放。`,
      (c) => `经查，当事人自${c.from}起在${c.place}从事${c.goods}作业，活性炭吸附装置长期未更换，废气未经有效处理直接排放。`,
    ],
  },
  {
    kind: 'ecology-environment', weight: 3, subjects: ['organization'], industries: ['manufacturing', 'chemical', 'steel', 'building-materials', 'mining'],
    type: '未取得排污许可证排放污染物',
    violated: '《排污许可管理条例》第二条第一款',
    basis: '《排污许可管理条例》第三十三条第（一）项',
    goods: ['铸件', '塑料颗粒', '水泥制品', '化工原料', '金属表面处理', '玻璃制品'],
    fine: [200000, 1000000], limit: '限制生产', close: true,
    facts: [
      (c) => `当事人主要从事${c.goods}生产，属于实行排污许可重点管理的排污单位。${c.date}，执法人员检查发现当事人正在生产，但未依法取得排污许可证，有废气、废水排放。`,
      (c) => `经查，当事人${c.project}于${c.from}投入生产，至${c.date}未申请取得排污许可证即排放污染物。`,
    ],
  },
  {
    kind: 'ecology-environment', weight: 2, subjects: ['organization'], industries: ['food', 'chemical', 'manufacturing', 'agri'],
    type: '超过水污染物排放标准排放水污染物',
    violated: '《中华人民共和国水污染防治法》第十条',
    basis: '《中华人民共和国水污染防治法》第八十三条第（二）项',
    goods: ['化学需氧量', '氨氮', '总磷', '悬浮物'],
    fine: [100000, 1000000], limit: '限制生产', close: true,
    facts: [
      (c) => `${c.date}，执法人员对当事人污水总排口进行采样，经监测，${c.goods}浓度超过《污水综合排放标准》限值${c.ratio}倍。`,
      (c) => `经查，当事人污水处理设施运行不正常，${c.date}监测结果显示其外排废水中${c.goods}超标${c.ratio}倍。`,
    ],
  },
  {
    kind: 'ecology-environment', weight: 2, subjects: ['organization'], industries: ['manufacturing', 'chemical', 'building-materials', 'agri', 'energy'],
    type: '建设项目环境影响评价文件未经批准擅自开工建设',
    violated: '《中华人民共和国环境影响评价法》第二十五条',
    basis: '《中华人民共和国环境影响评价法》第三十一条第一款',
    goods: ['主体厂房及生产线', '生产车间', '养殖圈舍', '仓储设施'],
    base: [500000, 20000000], fineOf: { of: 'base', mult: [0.01, 0.05] },
    facts: [
      (c) => `当事人${c.project}总投资${c.baseWan}万元，其环境影响报告表未经生态环境主管部门审批，于${c.from}擅自开工建设，至${c.date}已建成${c.goods}。`,
      (c) => `${c.date}，执法人员检查发现当事人${c.project}在未取得环境影响评价批复的情况下开工建设，项目总投资${c.baseWan}万元。`,
    ],
  },
  {
    kind: 'ecology-environment', weight: 2, subjects: ORG_IND, industries: ['manufacturing', 'chemical', 'auto-repair', 'medical-institution'],
    type: '未按照国家有关规定贮存危险废物',
    violated: '《中华人民共和国固体废物污染环境防治法》第八十一条第一款',
    basis: '《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（六）项',
    goods: ['废矿物油', '废活性炭', '废漆渣', '废乳化液', '废铅蓄电池'],
    qty: [1, 30], fine: [100000, 1000000],
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人将生产过程中产生的${c.goods}约${c.qty}吨露天堆放，未按照国家有关规定贮存，未设置危险废物识别标志。`,
      (c) => `经查，当事人危险废物贮存间未采取防渗漏措施，${c.goods}约${c.qty}吨与一般固体废物混合堆放。`,
    ],
  },
  {
    kind: 'ecology-environment', weight: 2, subjects: ['organization'], industries: ['steel', 'chemical', 'building-materials', 'energy'],
    type: '未保证大气污染物排放自动监测设备正常运行',
    violated: `${AIR_LAW}第二十四条第一款`,
    basis: `${AIR_LAW}第一百条第（三）项`,
    goods: ['烧结机头', '燃煤锅炉', '石灰窑', '焦炉烟囱'],
    fine: [20000, 200000], suspend: true,
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人${c.goods}排放口自动监测设备未正常运行，数据未与生态环境主管部门监控平台联网。`,
      (c) => `经查，当事人自${c.from}起擅自调整${c.goods}自动监测设备参数，导致监测数据失真。`,
    ],
  },
  {
    kind: 'ecology-environment', weight: 2, subjects: ['person', 'individual_business'],
    type: '露天焚烧产生有毒有害烟尘的物质',
    violated: `${AIR_LAW}第七十七条`,
    basis: `${AIR_LAW}第一百一十九条第一款`,
    goods: ['秸秆', '落叶', '生活垃圾', '废旧轮胎', '废旧电线'],
    fine: [500, 2000],
    facts: [
      (c) => `${c.date}，执法人员巡查发现当事人在${c.county}${c.road}附近露天焚烧${c.goods}，产生大量烟尘。`,
      (c) => `经查，当事人于${c.date}在自家院外空地焚烧${c.goods}，造成周边空气污染。`,
    ],
  },

  // ---- emergency management (work safety) ----
  {
    kind: 'emergency-management', weight: 5, subjects: ORG_IND, industries: WORKPLACES,
    type: '未按照规定对从业人员进行安全生产教育和培训',
    violated: `${SAFETY_LAW}第二十八条第一款`,
    basis: `${SAFETY_LAW}第九十七条第（三）项`,
    fine: [10000, 100000], suspend: true,
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人${c.people}名从业人员未经安全生产教育和培训即上岗作业，且未建立安全生产教育和培训档案。`,
      (c) => `经查，当事人自${c.from}起新招用的${c.people}名从业人员未经岗前安全培训即安排上岗。`,
    ],
  },
  {
    kind: 'emergency-management', weight: 3, subjects: ORG_IND, industries: WORKPLACES,
    type: '特种作业人员未取得相应资格上岗作业',
    violated: `${SAFETY_LAW}第三十条第一款`,
    basis: `${SAFETY_LAW}第九十七条第（七）项`,
    goods: ['电工', '焊接与热切割', '高处作业', '制冷与空调'],
    fine: [10000, 100000], suspend: true,
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人安排${c.people}名未取得特种作业操作证的人员从事${c.goods}作业。`,
      (c) => `经查，当事人${c.goods}作业人员${c.people}名未经专门的安全作业培训，未取得特种作业操作资格，于${c.date}上岗作业。`,
    ],
  },
  {
    kind: 'emergency-management', weight: 3, subjects: ORG_IND, industries: [...WORKPLACES, 'trade', 'food', 'public-place'],
    type: '未采取措施消除事故隐患',
    violated: `${SAFETY_LAW}第四十一条第二款`,
    basis: `${SAFETY_LAW}第一百零二条`,
    goods: ['有限空间作业未实行作业审批', '粉尘涉爆除尘系统未按规定清理', '安全出口堵塞', '燃气管道未安装泄漏报警装置', '危险化学品混存', '配电箱无漏电保护'],
    fine: [10000, 50000], suspend: true,
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人存在“${c.goods}”等事故隐患，经责令限期整改，当事人未采取措施消除。`,
      (c) => `经查，当事人生产经营场所存在${c.goods}的事故隐患，当事人未及时采取措施消除。`,
    ],
  },
  {
    kind: 'emergency-management', weight: 3, subjects: ['organization'], industries: PLANTS,
    type: '安全设备的安装、使用、检测、维护不符合国家标准或者行业标准',
    violated: `${SAFETY_LAW}第三十六条第一款`,
    basis: `${SAFETY_LAW}第九十九条第（二）项`,
    goods: ['可燃气体报警器', '防爆电气设备', '紧急切断阀', '安全联锁装置'],
    fine: [5000, 200000],
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人生产车间的${c.goods}未定期检测维护，已不能正常使用。`,
    ],
  },
  {
    kind: 'emergency-management', weight: 2, subjects: ORG_IND, industries: WORKPLACES,
    type: '未在有较大危险因素的生产经营场所设置明显的安全警示标志',
    violated: `${SAFETY_LAW}第三十五条`,
    basis: `${SAFETY_LAW}第九十九条第（一）项`,
    goods: ['有限空间入口', '危险化学品库房', '配电室', '粉尘作业区'],
    fine: [5000, 50000],
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人${c.goods}未设置明显的安全警示标志。`,
    ],
  },
  {
    kind: 'emergency-management', weight: 2, subjects: ALL, industries: ['chemical', 'trade', 'energy'],
    type: '未取得危险化学品经营许可证从事危险化学品经营',
    violated: '《危险化学品安全管理条例》第三十三条第一款',
    basis: '《危险化学品安全管理条例》第七十七条第三款',
    goods: [['柴油', '吨'], ['工业酒精', '桶'], ['液化石油气', '瓶'], ['油漆稀释剂', '桶'], ['氢氧化钠', '袋']],
    qty: [2, 60], income: [300, 20000], fine: [100000, 200000], confiscate: 'income',
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人未取得危险化学品经营许可证，在${c.place}储存、销售${c.goods}${c.qty}${c.unit}，违法所得${c.income}元。`,
      (c) => `经查，当事人自${c.from}起无证经营${c.goods}，累计销售${c.qty}${c.unit}，违法所得${c.income}元。`,
    ],
  },
  {
    kind: 'emergency-management', weight: 2, subjects: ['organization'], industries: WORKPLACES,
    type: '未按照规定制定生产安全事故应急救援预案或者未定期组织演练',
    violated: `${SAFETY_LAW}第八十一条`,
    basis: `${SAFETY_LAW}第九十七条第（六）项`,
    fine: [5000, 100000],
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人未制定生产安全事故应急救援预案，自${c.from}以来未组织应急演练。`,
    ],
  },
  {
    kind: 'emergency-management', weight: 1, subjects: ['organization'], industries: [...PLANTS, 'construction'],
    type: '对发生一般生产安全事故负有责任',
    violated: `${SAFETY_LAW}第四条第一款`,
    basis: `${SAFETY_LAW}第一百一十四条第一款第（一）项`,
    goods: ['高处坠落', '机械伤害', '物体打击', '触电', '有限空间中毒窒息'],
    base: [500000, 3000000], fine: [300000, 1000000], severity: '严重',
    facts: [
      (c) => `${c.date}，当事人在生产作业过程中发生一起${c.goods}事故，造成1人死亡，直接经济损失${c.baseWan}万元。经事故调查组认定，该事故为一起一般生产安全责任事故，当事人对事故发生负有责任。`,
    ],
  },

  // ---- tax ----
  {
    kind: 'tax', weight: 6, subjects: ALL,
    type: '未按照规定期限办理纳税申报',
    violated: `${TAX_LAW}第二十五条第一款`,
    basis: `${TAX_LAW}第六十二条`,
    goods: ['增值税', '企业所得税', '个人所得税（工资薪金所得）', '城市维护建设税', '印花税', '房产税', '城镇土地使用税'],
    fine: [50, 2000],
    facts: [
      (c) => `当事人未按照规定期限办理${c.month}（所属期）${c.goods}纳税申报。`,
      (c) => `经查，当事人所属期为${c.month}的${c.goods}未在规定的申报期限内申报，已于${c.date}补办申报。`,
      (c) => `当事人${c.month}${c.goods}应在法定申报期内申报，当事人逾期至${c.date}方才申报。`,
    ],
  },
  {
    kind: 'tax', weight: 1.5, subjects: ALL,
    type: '偷税',
    violated: `${TAX_LAW}第六十三条第一款`,
    basis: `${TAX_LAW}第六十三条第一款`,
    goods: ['个人账户收取货款', '账外经营', '虚列成本', '隐匿销售收入', '进行虚假纳税申报'],
    base: [5000, 2000000], fineOf: { of: 'base', mult: [0.5, 5] },
    facts: [
      (c) => `经检查，当事人${c.from}至${c.periodEnd}期间通过${c.goods}的方式少申报收入，少缴增值税、企业所得税等税款共计${c.baseText}元。`,
      (c) => `当事人在账簿上不列、少列收入，采取${c.goods}手段，造成少缴税款${c.baseText}元，构成偷税。`,
    ],
  },
  {
    kind: 'tax', weight: 1, subjects: ORG_IND,
    type: '虚开发票',
    violated: '《中华人民共和国发票管理办法》第二十一条第二款',
    basis: '《中华人民共和国发票管理办法》第三十五条',
    qty: [2, 60], value: [10000, 3000000], income: [300, 60000], fine: [10000, 500000], confiscate: 'income',
    facts: [
      (c) => `经查，当事人在没有真实业务交易的情况下，为他人开具增值税普通发票${c.qty}份，金额合计${c.value}元，收取开票费${c.income}元。`,
      (c) => `当事人于${c.from}至${c.periodEnd}期间让他人为自己开具与实际经营业务情况不符的发票${c.qty}份，金额${c.value}元。`,
    ],
  },
  {
    kind: 'tax', weight: 1.5, subjects: ORG_IND,
    type: '未按照规定期限申报办理变更税务登记',
    violated: `${TAX_LAW}第十六条`,
    basis: `${TAX_LAW}第六十条第一款第（一）项`,
    goods: ['经营地址', '法定代表人', '注册资本', '经营范围'],
    fine: [200, 2000],
    facts: [
      (c) => `当事人${c.goods}于${c.from}发生变更，未在规定期限内向税务机关申报办理变更税务登记。`,
    ],
  },
  {
    kind: 'tax', weight: 1, subjects: ['organization'],
    type: '扣缴义务人应扣未扣税款',
    violated: `${TAX_LAW}第六十九条`,
    basis: `${TAX_LAW}第六十九条`,
    base: [2000, 300000], fineOf: { of: 'base', mult: [0.5, 3] },
    facts: [
      (c) => `当事人${c.from}至${c.periodEnd}期间向员工支付工资薪金及劳务报酬，应扣未扣个人所得税${c.baseText}元。`,
    ],
  },

  // ---- transport ----
  {
    kind: 'transport', weight: 4, subjects: ['person', 'individual_business'], industries: ['logistics', 'auto-repair', 'trade', 'agri'],
    type: '未取得道路运输经营许可擅自从事道路运输经营',
    violated: `${ROAD_REG}第十条`,
    basis: `${ROAD_REG}第六十三条`,
    goods: ['建筑材料', '蔬菜', '钢材', '日用百货', '煤炭'],
    income: [50, 3000], fine: [10000, 100000], confiscate: 'income',
    facts: [
      (c) => `${c.date}，执法人员在${c.place}对车牌号为${c.plate}的小型轿车进行检查，经查当事人未取得道路运输经营许可，擅自从事道路旅客运输经营，向乘客收取车费${c.income}元。`,
      (c) => `${c.date}，执法人员在${c.road}对车牌号为${c.plate}的重型货车进行检查，当事人未取得道路运输经营许可，擅自从事道路货物运输经营，运输${c.goods}，约定运费${c.income}元。`,
    ],
  },
  {
    kind: 'transport', weight: 5, subjects: ALL, industries: ['logistics', 'building-materials', 'mining', 'steel'],
    type: '车辆超限运输',
    violated: '《公路安全保护条例》第三十三条第一款',
    basis: '《公路安全保护条例》第六十四条',
    goods: ['砂石', '钢材', '煤炭', '水泥', '石料'],
    fine: [500, 30000],
    facts: [
      (c) => `${c.date}，当事人所属车牌号为${c.plate}的货车运载${c.goods}途经${c.road}超限检测站，经检测车货总质量${c.weight}吨，超过规定限值${c.over}吨。`,
      (c) => `经查，当事人于${c.date}使用车牌号为${c.plate}的车辆擅自超限运输${c.goods}，车货总质量${c.weight}吨，超限${c.over}吨。`,
    ],
  },
  {
    kind: 'transport', weight: 2, subjects: ALL, industries: ['logistics', 'passenger'],
    type: '不按规定携带车辆营运证',
    basis: `${ROAD_REG}第六十八条`,
    fine: [20, 200], warn: true,
    facts: [
      (c) => `${c.date}，执法人员在${c.place}检查时发现，当事人所属车牌号为${c.plate}的营运车辆未按规定随车携带车辆营运证。`,
    ],
  },
  {
    kind: 'transport', weight: 1, subjects: ORG_IND, industries: ['auto-repair'],
    type: '机动车维修经营者签发虚假机动车维修合格证',
    basis: `${ROAD_REG}第七十二条`,
    income: [300, 2900], fine: [5000, 20000], confiscate: 'income',
    facts: [
      (c) => `经查，当事人于${c.date}为车牌号为${c.plate}的车辆签发机动车维修竣工出厂合格证，但未实际进行相应维修作业，收取费用${c.income}元。`,
    ],
  },
  {
    kind: 'transport', weight: 0.5, subjects: ALL,
    type: '擅自占用、挖掘公路',
    violated: '《中华人民共和国公路法》第四十四条第一款',
    basis: '《中华人民共和国公路法》第七十六条第（一）项',
    goods: ['占用公路堆放建筑材料', '挖掘公路铺设管道', '在公路上设置摊点'],
    fine: [1000, 30000],
    facts: [
      (c) => `${c.date}，当事人未经公路管理机构许可，在${c.road}路段${c.goods}。`,
    ],
  },

  // ---- housing and construction ----
  {
    kind: 'housing-construction', weight: 2, subjects: ['organization'], industries: ['realestate', 'construction', 'manufacturing'],
    type: '未取得施工许可证擅自施工',
    violated: '《中华人民共和国建筑法》第七条第一款',
    basis: `${QUALITY_REG}第五十七条`,
    base: [1000000, 100000000], fineOf: { of: 'base', mult: [0.01, 0.02] },
    facts: [
      (c) => `当事人作为${c.building}的建设单位，在未取得建筑工程施工许可证的情况下，于${c.from}擅自组织施工，工程合同价款${c.baseWan}万元。`,
      (c) => `${c.date}，执法人员检查发现当事人建设的${c.building}未办理施工许可证即开工建设，已完成基础施工，合同价款${c.baseWan}万元。`,
    ],
  },
  {
    kind: 'housing-construction', weight: 1, subjects: ['organization'], industries: ['construction'],
    type: '施工单位在施工中偷工减料',
    violated: `${QUALITY_REG}第二十八条第一款`,
    basis: `${QUALITY_REG}第六十四条`,
    goods: ['部分楼层混凝土强度', '钢筋保护层厚度', '墙体砌筑砂浆强度'],
    base: [500000, 50000000], fineOf: { of: 'base', mult: [0.02, 0.04] },
    lowerQual: '建筑业企业资质证书', revoke: '建筑业企业资质证书', suspend: true,
    facts: [
      (c) => `经${c.city}建设工程质量检测中心检测，当事人承建的${c.building}${c.goods}不符合设计要求，存在偷工减料行为，工程合同价款${c.baseWan}万元。`,
    ],
  },
  {
    kind: 'housing-construction', weight: 4, subjects: ['organization'], industries: ['construction', 'realestate'],
    type: '施工工地未采取有效防尘降尘措施',
    violated: `${AIR_LAW}第六十九条第三款`,
    basis: `${AIR_LAW}第一百一十五条第一款第（一）项`,
    goods: ['裸露土方未覆盖', '出场车辆未冲洗', '渣土运输车辆未密闭', '未设置硬质围挡'],
    fine: [10000, 100000], suspend: true,
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人承建的${c.building}施工现场${c.goods}，未采取有效防尘降尘措施。`,
      (c) => `经查，当事人在${c.building}施工过程中${c.goods}，造成扬尘污染。`,
    ],
  },
  {
    kind: 'housing-construction', weight: 1, subjects: ['organization'], industries: ['realestate'],
    type: '未取得商品房预售许可证预售商品房',
    violated: '《中华人民共和国城市房地产管理法》第四十五条第一款',
    basis: '《城市房地产开发经营管理条例》第三十六条',
    qty: [5, 200], base: [1000000, 50000000], income: [10000, 500000], fineOf: { of: 'base', mult: [0.001, 0.01] },
    confiscate: 'income',
    facts: [
      (c) => `当事人开发的${c.building}在未取得商品房预售许可证的情况下，以收取“认筹金”“定金”方式向${c.qty}名购房人预售商品房，收取预付款${c.baseWan}万元。`,
    ],
  },
  {
    kind: 'housing-construction', weight: 1, subjects: ['organization'], industries: ['realestate', 'construction'],
    type: '未按照国家规定办理工程质量监督手续',
    violated: `${QUALITY_REG}第十三条`,
    basis: `${QUALITY_REG}第五十六条第（六）项`,
    fine: [200000, 500000],
    facts: [
      (c) => `当事人作为${c.building}的建设单位，未按照国家规定办理工程质量监督手续，于${c.from}开工建设。`,
    ],
  },

  // ---- health ----
  {
    kind: 'health', weight: 3, subjects: ORG_IND, industries: ['public-place', 'tourism'],
    type: '未取得公共场所卫生许可证擅自营业',
    violated: `${PUBLIC_PLACE_RULES}第二十二条第一款`,
    basis: `${PUBLIC_PLACE_RULES}第三十五条第一款`,
    goods: ['住宿', '沐浴', '美容美发', '足浴'],
    fine: [500, 30000], warn: true,
    facts: [
      (c) => `${c.date}，卫生监督员检查发现当事人在未取得公共场所卫生许可证的情况下，在${c.place}从事${c.goods}经营活动。`,
      (c) => `经查，当事人自${c.from}起未依法取得公共场所卫生许可证即开展${c.goods}服务。`,
    ],
  },
  {
    kind: 'health', weight: 3, subjects: ORG_IND, industries: ['public-place', 'tourism'],
    type: '安排未获得有效健康合格证明的从业人员从事直接为顾客服务工作',
    violated: `${PUBLIC_PLACE_RULES}第十条第一款`,
    basis: `${PUBLIC_PLACE_RULES}第三十八条`,
    fine: [500, 5000], warn: true,
    facts: [
      (c) => `${c.date}，卫生监督员检查发现当事人${c.people}名从业人员未取得有效健康合格证明，从事直接为顾客服务的工作。`,
    ],
  },
  {
    kind: 'health', weight: 2, subjects: ORG_IND, industries: ['medical-institution'],
    type: '使用非卫生技术人员从事医疗卫生技术工作',
    violated: '《医疗机构管理条例》第二十七条',
    basis: '《医疗机构管理条例》第四十八条',
    fine: [10000, 100000], revoke: '医疗机构执业许可证',
    facts: [
      (c) => `${c.date}，卫生监督员检查发现当事人使用${c.people}名未取得执业医师资格的人员从事诊疗活动。`,
      (c) => `经查，当事人自${c.from}起安排未取得护士执业证书的${c.people}名人员从事护理工作。`,
    ],
  },
  {
    kind: 'health', weight: 1, subjects: ['person'],
    type: '未取得医疗机构执业许可证擅自执业',
    violated: '《中华人民共和国基本医疗卫生与健康促进法》第三十八条第一款',
    basis: '《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款',
    goods: ['输液', '针灸推拿', '拔牙', '注射'],
    qty: [3, 80], income: [300, 9000], fine: [50000, 200000], confiscate: 'income',
    facts: [
      (c) => `${c.date}，卫生监督员在${c.place}检查发现，当事人未取得《医疗机构执业许可证》擅自开展${c.goods}诊疗活动，现场查获药品${c.qty}盒，违法所得${c.income}元。`,
    ],
  },
  {
    kind: 'health', weight: 2, subjects: ['organization'], industries: ['manufacturing', 'steel', 'chemical', 'building-materials', 'mining'],
    type: '未按照规定组织职业健康检查',
    violated: '《中华人民共和国职业病防治法》第三十五条第一款',
    basis: '《中华人民共和国职业病防治法》第七十一条第（四）项',
    goods: ['噪声', '粉尘', '苯系物', '高温'],
    fine: [50000, 100000], warn: true,
    facts: [
      (c) => `经查，当事人未按照规定组织接触${c.goods}的${c.people}名劳动者进行上岗前和在岗期间职业健康检查。`,
    ],
  },

  // ---- culture and tourism ----
  {
    kind: 'culture-tourism', weight: 2, subjects: ['organization'], industries: ['tourism'],
    type: '旅行社未与旅游者签订旅游合同',
    violated: '《旅行社条例》第二十八条',
    basis: '《旅行社条例》第五十五条第（一）项',
    goods: ['承德避暑山庄', '北戴河', '野三坡', '白洋淀', '云南', '海南三亚', '崇礼'],
    qty: [8, 60], fine: [20000, 100000], suspend: true,
    facts: [
      (c) => `当事人于${c.date}组织${c.qty}名游客赴${c.goods}旅游，未与旅游者签订书面旅游合同。`,
    ],
  },
  {
    kind: 'culture-tourism', weight: 1, subjects: ['person'],
    type: '导游人员进行导游活动时未佩戴导游证',
    violated: '《导游人员管理条例》第八条第一款',
    basis: '《导游人员管理条例》第二十一条',
    goods: ['避暑山庄', '山海关', '赵州桥', '西柏坡', '白洋淀', '清西陵'],
    fine: [100, 500], warn: true,
    facts: [
      (c) => `${c.date}，执法人员在${c.goods}景区检查时发现，当事人在带团进行导游活动时未佩戴导游证。`,
    ],
  },
  {
    kind: 'culture-tourism', weight: 2, subjects: ORG_IND, industries: ['entertainment'],
    type: '互联网上网服务营业场所接纳未成年人',
    violated: '《互联网上网服务营业场所管理条例》第二十一条',
    basis: '《互联网上网服务营业场所管理条例》第三十一条第（二）项',
    fine: [1000, 15000], warn: true, suspend: true, revoke: '网络文化经营许可证',
    facts: [
      (c) => `${c.date}，执法人员检查发现当事人经营的网吧内有${c.people}名未成年人上网，当事人未核对、登记上网消费者的有效身份证件。`,
    ],
  },
  {
    kind: 'culture-tourism', weight: 1, subjects: ORG_IND, industries: ['entertainment', 'tourism', 'consulting'],
    type: '未经批准举办营业性演出',
    violated: '《营业性演出管理条例》第六条',
    basis: '《营业性演出管理条例》第四十三条第一款',
    income: [1000, 50000], fine: [50000, 100000], confiscate: 'income',
    facts: [
      (c) => `当事人于${c.date}在${c.place}举办营业性演出，未取得演出许可，售票收入${c.income}元。`,
    ],
  },
  {
    kind: 'culture-tourism', weight: 1, subjects: ALL, industries: ['tourism', 'consulting'],
    type: '未经许可经营旅行社业务',
    violated: '《中华人民共和国旅游法》第二十八条',
    basis: '《中华人民共和国旅游法》第九十五条第一款',
    goods: ['承德避暑山庄', '北戴河', '野三坡', '白洋淀', '内蒙古草原'],
    qty: [10, 45], income: [500, 20000], fine: [10000, 100000], confiscate: 'income',
    facts: [
      (c) => `经查，当事人未取得旅行社业务经营许可，于${c.date}招徕、组织${c.qty}名游客赴${c.goods}旅游，违法所得${c.income}元。`,
    ],
  },

  // ---- human resources and social security ----
  {
    kind: 'human-resources', weight: 1, subjects: ORG_IND,
    type: '违反工作时间和休息休假规定',
    violated: '《中华人民共和国劳动法》第四十一条',
    basis: '《劳动保障监察条例》第二十五条',
    qty: [5, 60], fineOf: { of: 'qty', mult: [100, 500] }, warn: true,
    facts: [
      (c) => `经查，当事人${c.from}至${c.periodEnd}期间安排${c.qty}名劳动者延长工作时间，每月加班超过三十六小时。`,
    ],
  },
  {
    kind: 'human-resources', weight: 1, subjects: ORG_IND,
    type: '未按规定办理社会保险登记',
    violated: '《中华人民共和国社会保险法》第五十八条第一款',
    basis: '《中华人民共和国社会保险法》第八十四条',
    qty: [2, 40], base: [5000, 300000], fineOf: { of: 'base', mult: [1, 3] },
    facts: [
      (c) => `当事人自${c.from}起招用${c.qty}名劳动者，未按规定为其办理社会保险登记，经责令限期改正逾期仍未改正，应缴社会保险费${c.baseText}元。`,
    ],
  },
  {
    kind: 'human-resources', weight: 1, subjects: ['organization'], industries: ['hr', 'construction', 'consulting'],
    type: '未经许可擅自经营劳务派遣业务',
    violated: '《中华人民共和国劳动合同法》第五十七条第二款',
    basis: '《中华人民共和国劳动合同法》第九十二条第一款',
    qty: [5, 80], income: [3000, 80000], fine: [10000, 50000], confiscate: 'income',
    facts: [
      (c) => `经查，当事人未取得劳务派遣经营许可，自${c.from}起向用工单位派遣劳动者${c.qty}人，违法所得${c.income}元。`,
    ],
  },
  {
    kind: 'human-resources', weight: 1, subjects: ['organization'], industries: ['construction'],
    type: '施工总承包单位未按规定开设或者使用农民工工资专用账户',
    violated: '《保障农民工工资支付条例》第二十六条第一款',
    basis: '《保障农民工工资支付条例》第五十五条第（一）项',
    fine: [50000, 100000], suspend: true,
    facts: [
      (c) => `当事人承建的${c.building}未按规定开设农民工工资专用账户，经责令限期整改，逾期仍未改正。`,
    ],
  },
  {
    kind: 'human-resources', weight: 0.5, subjects: ORG_IND,
    type: '拒不按照劳动保障行政部门的要求报送书面材料',
    basis: '《劳动保障监察条例》第三十条第一款第（二）项',
    fine: [2000, 20000],
    facts: [
      (c) => `${c.date}，劳动保障监察员依法对当事人进行调查时，当事人拒不提供工资支付记录、考勤记录等有关材料。`,
    ],
  },

  // ---- finance (government procurement) ----
  {
    kind: 'finance', weight: 2, subjects: ['organization'], industries: ['construction', 'tech', 'trade', 'property', 'manufacturing'],
    type: '提供虚假材料谋取中标、成交',
    basis: '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
    goods: ['业绩合同', '社保缴纳证明', '检测报告', '财务审计报告', '人员资格证书'],
    items: ['办公设备采购', '物业管理服务', '信息化建设', '校园安防设备采购', '医疗设备采购', '道路维修工程'],
    base: [200000, 20000000], fineOf: { of: 'base', mult: [0.005, 0.01] },
    limit: '一年内禁止参加政府采购活动',
    facts: [
      (c) => `当事人在参加“${c.city}${c.item}项目”（项目编号：${c.projectNo}）政府采购活动中，提供虚假的${c.goods}，谋取中标、成交，采购金额${c.baseWan}万元。`,
    ],
  },
  {
    kind: 'finance', weight: 1, subjects: ['organization'], industries: ['construction', 'tech', 'trade', 'property', 'manufacturing'],
    type: '与其他供应商恶意串通',
    basis: '《中华人民共和国政府采购法》第七十七条第一款第（三）项',
    items: ['办公设备采购', '物业管理服务', '信息化建设', '校园安防设备采购', '医疗设备采购', '道路维修工程'],
    base: [200000, 20000000], fineOf: { of: 'base', mult: [0.005, 0.01] },
    limit: '一年内禁止参加政府采购活动',
    facts: [
      (c) => `经查，当事人在“${c.city}${c.item}项目”（项目编号：${c.projectNo}）中与其他供应商的投标文件由同一单位编制，存在恶意串通行为，采购金额${c.baseWan}万元。`,
    ],
  },

  // ---- development and reform (bidding, energy, investment) ----
  {
    kind: 'development-reform', weight: 2, subjects: ['organization'], industries: ['construction', 'manufacturing', 'tech'],
    type: '投标人相互串通投标',
    violated: '《中华人民共和国招标投标法》第三十二条第一款',
    basis: '《中华人民共和国招标投标法》第五十三条',
    base: [1000000, 50000000], fineOf: { of: 'base', mult: [0.005, 0.01] },
    limit: '取消一年内参加依法必须进行招标的项目的投标资格',
    facts: [
      (c) => `经查，当事人在${c.building}施工招标中与其他投标人相互串通投标报价，中标金额${c.baseWan}万元。`,
    ],
  },
  {
    kind: 'development-reform', weight: 1, subjects: ['organization'], industries: ['construction', 'manufacturing', 'tech'],
    type: '以他人名义投标或者以其他方式弄虚作假骗取中标',
    violated: '《中华人民共和国招标投标法》第三十三条',
    basis: '《中华人民共和国招标投标法》第五十四条第二款',
    goods: ['项目业绩', '项目经理资格证书', '财务状况证明'],
    base: [1000000, 50000000], fineOf: { of: 'base', mult: [0.005, 0.01] },
    limit: '取消一年内参加依法必须进行招标的项目的投标资格',
    facts: [
      (c) => `当事人在${c.building}投标过程中提供虚假的${c.goods}，骗取中标，中标金额${c.baseWan}万元。`,
    ],
  },
  {
    kind: 'development-reform', weight: 1, subjects: ['organization'], industries: ['steel', 'chemical', 'building-materials', 'energy', 'manufacturing'],
    type: '重点用能单位未按照规定报送能源利用状况报告',
    violated: '《中华人民共和国节约能源法》第五十三条',
    basis: '《中华人民共和国节约能源法》第八十二条',
    fine: [10000, 50000],
    facts: [
      (c) => `当事人为重点用能单位，未按照规定报送${c.year - 1}年度能源利用状况报告，经责令改正后仍未报送。`,
    ],
  },
  {
    kind: 'development-reform', weight: 1, subjects: ['organization'], industries: ['energy', 'steel', 'chemical'],
    type: '实行核准管理的项目未依法办理核准手续开工建设',
    basis: '《企业投资项目核准和备案管理条例》第十八条',
    base: [10000000, 500000000], fineOf: { of: 'base', mult: [0.001, 0.005] },
    facts: [
      (c) => `当事人${c.project}属于实行核准管理的企业投资项目，总投资${c.baseWan}万元，未依法办理核准手续，于${c.from}擅自开工建设。`,
    ],
  },

  // ---- courts (judicial fines, published with the penalties) ----
  {
    kind: 'court', weight: 1, subjects: ALL,
    type: '拒不履行人民法院已经发生法律效力的判决、裁定',
    basis: '《中华人民共和国民事诉讼法》第一百一十四条第一款第（六）项、第一百一十八条第一款',
    qty: [10000, 2000000],
    fine: [10000, 100000],
    facts: [
      (c) => `当事人作为被执行人，有能力履行而拒不履行本院已经发生法律效力的民事判决确定的给付义务，执行标的${c.qty}元。`,
      (c) => `在执行过程中，当事人于${c.date}隐匿、转移财产，拒不履行人民法院已经发生法律效力的裁定，执行标的${c.qty}元。`,
    ],
  },

  // ---- financial regulation ----
  {
    kind: 'financial-regulation', weight: 2, subjects: ['organization'], industries: ['finance'],
    type: '违反审慎经营规则',
    violated: '《中华人民共和国银行业监督管理法》第二十一条',
    basis: '《中华人民共和国银行业监督管理法》第四十六条第（五）项',
    goods: ['贷款“三查”不尽职', '贷款资金被挪用', '违规发放借名贷款', '信贷资产风险分类不准确', '违规收取贷款费用'],
    fine: [200000, 500000],
    facts: [
      (c) => `经查，当事人存在${c.goods}等违法违规行为。`,
      (c) => `当事人${c.from}至${c.periodEnd}期间${c.goods}，严重违反审慎经营规则。`,
    ],
  },
  {
    kind: 'financial-regulation', weight: 1, subjects: ['organization'], industries: ['finance'],
    type: '保险代理机构欺骗投保人',
    violated: '《中华人民共和国保险法》第一百三十一条第（一）项',
    basis: '《中华人民共和国保险法》第一百六十五条',
    goods: ['分红型人身保险', '意外伤害保险', '机动车商业保险', '重大疾病保险'],
    fine: [50000, 300000], revoke: '保险代理业务许可证',
    facts: [
      (c) => `当事人在代理销售${c.goods}过程中，存在欺骗投保人、夸大保险责任的行为。`,
    ],
  },
  {
    kind: 'financial-regulation', weight: 1, subjects: ['person'],
    type: '对银行业金融机构违反审慎经营规则负有直接责任',
    basis: '《中华人民共和国银行业监督管理法》第四十八条第（二）项',
    goods: ['贷款“三查”不尽职', '违规发放借名贷款', '违规办理票据业务'],
    fine: [50000, 100000], warn: true,
    facts: [
      (c) => `当事人对其任职机构${c.goods}的违法违规行为负有直接责任。`,
    ],
  },
];
