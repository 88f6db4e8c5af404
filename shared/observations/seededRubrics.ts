/**
 * The two real-world forms seeded for every alliance: a weighted 课堂教学评价表 and a LICC-style
 * 课堂观察框架 (4 dimensions, 20 viewpoints). Alliances edit them into new versions.
 */
import type { GradeThreshold, RubricDefinition, ScaleLevel } from './rubric.ts'

/** 优/良/中/差 = 5/4/3/2, the scale of both seeded forms. */
export const FOUR_LEVEL_SCALE: ScaleLevel[] = [
  { label: '优', value: 5 },
  { label: '良', value: 4 },
  { label: '中', value: 3 },
  { label: '差', value: 2 },
]

/** 优 ≥ 90 %, 良 ≥ 80 %, 合格 ≥ 60 % (below: 待改进). */
export const STANDARD_GRADES: GradeThreshold[] = [
  { label: '优', minPercent: 90 },
  { label: '良', minPercent: 80 },
  { label: '合格', minPercent: 60 },
]

/** The grade below 合格. */
export const FALLBACK_GRADE = '待改进'

/** Name of the seeded weighted form. */
export const WEIGHTED_RUBRIC_NAME = '课堂教学评价表'
/** Name of the seeded LICC frame. */
export const LICC_RUBRIC_NAME = 'LICC 课堂观察框架'

/** The weighted form: 教学目标 10 %, 教学内容 15 %, 教学过程 25 %, 教学方法与策略 30 %, 教师素质 20 %, 个性特色 up to 3. */
export const WEIGHTED_RUBRIC: RubricDefinition = {
  mode: 'weighted',
  scale: FOUR_LEVEL_SCALE,
  items: [
    {
      key: 'goals',
      name: '教学目标',
      weight: 10,
      points: [
        { key: 'goals.1', text: '目标明确、具体，符合课程标准和学生实际' },
        { key: 'goals.2', text: '知识技能、过程方法、情感态度价值观（核心素养）目标有机统一' },
      ],
    },
    {
      key: 'content',
      name: '教学内容',
      weight: 15,
      points: [
        { key: 'content.1', text: '内容正确，重点突出，难点突破得当' },
        { key: 'content.2', text: '联系生活实际，容量、密度适当' },
        { key: 'content.3', text: '注重知识间的联系，适当拓展' },
      ],
    },
    {
      key: 'process',
      name: '教学过程',
      weight: 25,
      points: [
        { key: 'process.1', text: '环节完整，层次清晰，过渡自然' },
        { key: 'process.2', text: '时间分配合理，节奏适当' },
        { key: 'process.3', text: '面向全体学生，参与面广' },
        { key: 'process.4', text: '反馈及时，调控有效' },
      ],
    },
    {
      key: 'methods',
      name: '教学方法与策略',
      weight: 30,
      points: [
        { key: 'methods.1', text: '方法灵活多样，符合学科特点和学生认知规律' },
        { key: 'methods.2', text: '启发引导，学生主动思考、探究' },
        { key: 'methods.3', text: '合作学习组织有序、有效' },
        { key: 'methods.4', text: '恰当运用信息技术和教具' },
        { key: 'methods.5', text: '练习设计有层次，体现分层要求' },
      ],
    },
    {
      key: 'teacher',
      name: '教师素质',
      weight: 20,
      points: [
        { key: 'teacher.1', text: '教态自然亲切，语言准确、精练、生动' },
        { key: 'teacher.2', text: '板书规范、合理、美观' },
        { key: 'teacher.3', text: '应变能力强，善于处理课堂生成' },
        { key: 'teacher.4', text: '专业功底扎实' },
      ],
    },
  ],
  bonus: [{ key: 'bonus.style', name: '个性特色', text: '教学风格鲜明，有创新，效果显著', max: 3 }],
  bonusCap: 3,
  grades: STANDARD_GRADES,
  fallbackGrade: FALLBACK_GRADE,
}

/** The LICC frame: 学生学习 / 教师教学 / 课程性质 / 课堂文化, five viewpoints each, picked before class. */
export const LICC_RUBRIC: RubricDefinition = {
  mode: 'viewpoints',
  scale: FOUR_LEVEL_SCALE,
  items: [
    {
      key: 'learning',
      name: '学生学习',
      weight: 25,
      points: [
        {
          key: 'learning.preparation',
          text: '准备：学生课前准备了什么？怎样准备的？准备得怎么样？',
        },
        {
          key: 'learning.listening',
          text: '倾听：有多少学生能倾听老师的讲课和同学的发言？倾听多长时间？',
        },
        {
          key: 'learning.interaction',
          text: '互动：有哪些互动行为？参与提问、回答的人数、时间和质量如何？',
        },
        {
          key: 'learning.autonomy',
          text: '自主：学生自主学习的时间有多少？有多少人参与？效果怎样？',
        },
        {
          key: 'learning.attainment',
          text: '达成：学生清楚本节课的学习目标吗？有哪些证据证明目标达成？',
        },
      ],
    },
    {
      key: 'teaching',
      name: '教师教学',
      weight: 25,
      points: [
        { key: 'teaching.segments', text: '环节：由哪些环节构成？是否围绕教学目标展开？' },
        { key: 'teaching.presentation', text: '呈示：怎样讲解、板书、运用媒体和动作？是否有效？' },
        {
          key: 'teaching.dialogue',
          text: '对话：提问的对象、次数、类型、认知难度和候答时间如何？',
        },
        { key: 'teaching.guidance', text: '指导：怎样指导学生自主、合作、探究学习？效果怎样？' },
        { key: 'teaching.tact', text: '机智：教学设计有哪些调整？如何处理课堂上的突发事件？' },
      ],
    },
    {
      key: 'curriculum',
      name: '课程性质',
      weight: 25,
      points: [
        { key: 'curriculum.goals', text: '目标：预设的学习目标是什么？是否符合课标和学生实际？' },
        { key: 'curriculum.content', text: '内容：教材是如何处理的？怎样凸显学科特点？' },
        {
          key: 'curriculum.implementation',
          text: '实施：预设的教学方法是什么？是否体现学科特点？',
        },
        {
          key: 'curriculum.assessment',
          text: '评价：检测目标达成的方法是什么？如何利用评价信息？',
        },
        { key: 'curriculum.resources', text: '资源：预设了哪些资源？怎样利用课堂生成的资源？' },
      ],
    },
    {
      key: 'culture',
      name: '课堂文化',
      weight: 25,
      points: [
        { key: 'culture.thinking', text: '思考：是否关注高阶思维？学生思考的时间和人数如何？' },
        {
          key: 'culture.democracy',
          text: '民主：课堂话语怎样？学生参与课堂活动的人数和时间如何？',
        },
        { key: 'culture.innovation', text: '创新：教学设计、情境创设和资源利用有何新意？' },
        { key: 'culture.care', text: '关爱：是否关注不同需求的学生？学困生是否得到关注？' },
        { key: 'culture.character', text: '特质：教师的教学风格和个性如何？学生对此有何反应？' },
      ],
    },
  ],
  bonus: [],
  bonusCap: 0,
  grades: STANDARD_GRADES,
  fallbackGrade: FALLBACK_GRADE,
}

/** Both seeded forms, in the order they are listed. */
export const SEEDED_RUBRICS: { name: string; description: string; definition: RubricDefinition }[] =
  [
    {
      name: WEIGHTED_RUBRIC_NAME,
      description:
        '按教学目标、内容、过程、方法与策略、教师素质加权评分，另设个性特色加分（至多 3 分）。',
      definition: WEIGHTED_RUBRIC,
    },
    {
      name: LICC_RUBRIC_NAME,
      description:
        '学生学习、教师教学、课程性质、课堂文化 4 个维度 20 个视角；观课教师课前认领观察点，不重复观察。',
      definition: LICC_RUBRIC,
    },
  ]
