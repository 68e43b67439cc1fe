// Package certificate records, checks and proves vocational skill
// certificates: the skill-level ladders, 1+X certificates, the organisations
// that issue them, who may sit which level, the credit bank, a registry, and
// signed credentials that anyone can verify.
//
// # Skill-level ladders (职业技能等级)
//
// Three ladders are in use in China, and levels are comparable only within a
// ladder:
//
//   - the 1+X vocational skill level certificate of the Ministry of Education
//     (职业技能等级证书): junior 初级, intermediate 中级, senior 高级;
//   - the national vocational skill levels of the Ministry of Human Resources:
//     五级/初级工, 四级/中级工, 三级/高级工, 二级/技师, 一级/高级技师;
//   - the "new eight-level" ladder of 2022 (新八级工): 学徒工, 初级工, 中级工,
//     高级工, 技师, 高级技师, 特级技师, 首席技师, used by Qingdao since 2023.
//
// A mapping between the 1+X ladder and the national levels is a configuration
// choice, not an official equivalence, so comparisons across ladders go
// through an explicit mapping that the caller supplies.
//
// # 1+X certificates
//
// "1" is the academic diploma (学历证书); "X" is any number of vocational skill
// level certificates, piloted since 2019 under the national vocational
// education reform plan (国家职业教育改革实施方案). Training and evaluation
// organisations (培训评价组织) write the standards and issue the X
// certificates. Prerequisites differ by certificate and are data: one
// published guide asks one year of related work for intermediate, and the
// intermediate certificate plus three years for senior.
//
// # Issuers
//
// Besides training and evaluation organisations, certificates come from
// enterprises that evaluate their own staff (企业技能人才自主评价: "whoever
// uses, evaluates, certifies and is responsible"), within an authorised scope
// of occupations, highest level and validity period; from labour and skill
// competitions, which promote winners by one level under local rules; and from
// government appraisal bodies.
//
// # Credit bank (学分银行)
//
// X certificates convert into course credits under rules that are data: one
// college's published rules allow one course to be credited from only one
// certificate and at most 8 credits per certificate.
//
// Every date-dependent answer (is this certificate valid, may this person sit
// that level) takes its "as of" date as an argument; nothing here reads the
// clock.
//
// This package is under construction: the foundation (civil dates,
// effective-dated parameters) is in place and the types above are being added.
package certificate
