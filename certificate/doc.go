// Package certificate records, checks and proves vocational skill
// certificates: the skill-level ladders, 1+X certificates, the bodies that
// issue them, who may sit which level, competition promotion, the credit
// bank, a registry, and signed credentials that anyone can verify.
//
// # Skill-level ladders (职业技能等级)
//
// Three ladders are in use in China. A [Level] belongs to one [Ladder] and
// knows its rank (1 is the lowest), its stable code, and its Chinese and
// English labels:
//
//	ladder      levels, low to high                                   codes
//	OnePlusX    初级 中级 高级 (1+X certificate, Ministry of Education)    1x-junior … 1x-senior
//	National    五级/初级工 四级/中级工 三级/高级工 二级/技师 一级/高级技师   national-5 … national-1
//	EightLevel  学徒工 初级工 中级工 高级工 技师 高级技师 特级技师 首席技师       eight-apprentice … eight-chief-technician
//
// The eight-level ladder ("new eight-level workers", 新八级工, 2022) adds 学徒工
// below the five national levels and 特级技师 and 首席技师 above them; Qingdao
// uses it since 2023. Levels compare only within a ladder ([Level.Compare]);
// any equivalence across ladders, such as 1+X intermediate against 四级, is a
// configuration choice and not an official rule, so it goes through a
// [LevelMapping] that the caller builds and that must keep the order. In text
// and JSON a level is its stable code; an unknown code is an error.
//
// # Certificates and issuers
//
// A [Certificate] records its number, [Holder] (an employee or a student),
// [Occupation], level, [Issuer], issue date, optional expiry, the [Channel]
// through which it was earned (exam, enterprise self-evaluation, competition
// promotion) and its evidence. [Certificate.Validate] checks it, including
// that the issuer may issue it:
//
//   - a training and evaluation organisation (培训评价组织, [EvaluationOrganisation])
//     writes the standard of a 1+X certificate and issues 1+X levels only;
//   - an enterprise that evaluates its own staff (企业技能人才自主评价,
//     [SelfEvaluatingEnterprise]: "whoever uses, evaluates, certifies and is
//     responsible", 鲁人社发〔2019〕14号) needs an authorised [Scope] of
//     occupations, a highest level and a validity period, and cannot issue
//     outside it;
//   - competition organisers and government appraisal bodies issue national
//     levels, within a scope where they have one.
//
// A certificate's history is append-only: [Certificate.WithChange] records a
// dated suspension, reinstatement or revocation with its reason, and
// [Certificate.StatusOn] derives its [Status] on any day (valid, suspended,
// expired, revoked, or not yet issued). Revocation is final and never deletes
// the record.
//
// # Competition promotion (竞赛晋级)
//
// Labour and skill competitions promote their best participants by a level.
// The rules differ by place, so they are data: [PromotionRules] lists tiers
// (contest class, holder kind, a qualifying rank or percentile, the level
// granted, the one-step promotion for someone who already holds it) and a
// yearly cap per person. Tianjin's 2024 rules and Hainan's are the worked
// examples in the tests. A refusal is a result with its reasons, not an error.
//
// # Eligibility
//
// [Prerequisites] say who may sit a level: levels already held, years of
// related work, student status, as alternatives of requirements that must all
// hold. [Prerequisites.Check] evaluates a [Candidate] as of a date and returns
// every unmet requirement with its reason, not just false. One published 1+X
// guide, for example, asks one year of related work for intermediate, and the
// intermediate certificate plus three years for senior.
//
// # Credit bank (学分银行, 书证融通)
//
// X certificates convert into course credits under rules that are data. A
// [CreditBank] is built from a [CreditBankConfig] and rejects an invalid rule
// set at construction: one college's published rules cap a certificate at 8
// credits, so a rule granting 10 is an error; junior certificates credit basic
// courses, intermediate ones core courses, senior ones both. [CreditBank.Convert]
// turns a student's certificates into a [Transcript], crediting each course
// from at most one certificate (the earliest issued wins) and listing what it
// skipped and why. [CheckCompletion] checks the "1+X" outcome: the diploma's
// credits and required courses plus the required X certificates.
//
// # Registry
//
// [Registry] is the interface a store of certificates implements (find by
// number, holder or occupation; status changes that append, never delete);
// [MemoryRegistry] is an in-memory implementation safe for concurrent use
// that rejects duplicate numbers. [Highest] returns a holder's highest level
// valid on a date for an occupation.
//
// # Verifiable credentials
//
// [Certificate.Credential] exports a certificate as an Open Badges 3.0
// AchievementCredential (W3C Verifiable Credentials data model 2.0) that
// validates against the 1EdTech schema; the holder appears only as a salted
// SHA-256 hash. A [Signer] signs it with Ed25519 in the JSON Web Token proof
// format of Open Badges 3.0 (§8.2: a compact JWS, alg EdDSA, whose payload is
// the credential with the iss, jti, nbf and exp claims beside it), and a
// [Verifier] with the issuers' trusted keys, Ed25519 (alg EdDSA) or RSA of
// at least 2048 bits (alg RS256, which OB 3.0 §8.2.3 requires every
// implementation to support, so other issuers' tokens verify too; a key's
// type fixes its algorithm), checks the form, the key,
// the signature, the validity dates and, through a [StatusChecker] such as
// [RegistryStatus], revocation and suspension as of a date. Any changed byte
// fails verification; every failure is a [*VerifyError] with a stable reason.
//
// # Dates and errors
//
// Every date-dependent answer takes its "as of" date as an argument, and
// nothing here reads the clock. Bad input is an error naming the field by its
// JSON path ("holder.id", "rules[3].credits") and the value: a [*FieldError]
// matching [ErrInvalid] or a more specific sentinel, or a [*LevelError]. Value
// types (Level, Certificate, rules) are safe to share between goroutines once
// built; MemoryRegistry, Verifier and CreditBank are safe for concurrent use.
//
// Credits are decimal.Decimal. In JSON and in messages they are strings
// without trailing zeros ("4", "1.5") whatever a program has set
// shopspring/decimal's package-level settings to: the types that hold them
// have their own MarshalJSON.
package certificate
