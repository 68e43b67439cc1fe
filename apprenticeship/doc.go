// Package apprenticeship models dual training programs in which a school and
// an enterprise train apprentices together.
//
// # The model
//
// The package follows the "dual, three sites" model (双元三地) of Qingdao West
// Coast New Area: two actors (双元), the school and the enterprise, train across
// three sites (三地): the school, the enterprise, and a productive training base
// that they build and run together (共建共享生产性实训基地). The Sino-German
// Applied Technology School (中德应用技术学校) organises it as "1 major + 1
// training base + N partner enterprises" (1个专业 + 1个实训基地 + N个合作企业).
// Every apprentice has dual mentors (双导师): a school teacher and an
// enterprise master.
//
// The pieces a school's or an enterprise's system needs are:
//
//   - a program: the major, the cohort, the partner enterprises, the training
//     base, and a training plan of modules, each assigned to a site with its
//     planned hours;
//   - the tripartite agreement (三方协议) between school, enterprise and
//     apprentice (for the enterprise new-type apprenticeship, 企业新型学徒制:
//     enterprise, apprentice and training institution), with its start and
//     planned end, probation, weekly hours, part-time factor, allowance
//     schedule and target skill level;
//   - the apprentice's lifecycle (applied, enrolled, in training, on break,
//     completed, withdrawn, terminated) as a replayable log of dated events;
//   - a training log of hours by date, site and module, with progress against
//     the plan and compliance findings;
//   - interim and final assessments; passing the final assessment completes
//     the apprenticeship and leads to a certificate (package certificate);
//   - the monthly training allowance, by training year counted from the start
//     date, prorated for part-time work and partial months.
//
// # Two rule sets
//
// China: the 2021 national guidance on the enterprise new-type apprenticeship
// asks for a labour contract of at least one year and a training period of one
// to two years (up to three in special cases), with target levels from
// 中级工 to 高级技师.
//
// Germany, where the dual system comes from (Berufsbildungsgesetz, BBiG):
// probation of one to four months (§ 20), termination rules in and after
// probation (§ 22), part-time training with hours cut by at most half and the
// duration extended to at most 1.5 times (§ 7a), and a statutory minimum
// training allowance keyed to the year training starts (§ 17), paid monthly,
// where a single day counts as 1/30 of a month (§ 18).
//
// Every number in these rules is an effective-dated parameter with its
// citation, never a constant in code, and every calculation takes its "as of"
// date as an argument: nothing here reads the clock.
//
// This package is under construction: the foundation (exact money, civil
// dates, effective-dated parameters) is in place and the types above are being
// added.
package apprenticeship
