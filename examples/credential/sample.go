package main

import "github.com/dualtrack/dualtrack/certificate"

// sampleCertificate is the built-in certificate: an enterprise that
// evaluates its own staff (企业技能人才自主评价) certifies an employee as
// 工业机器人系统运维员 at 四级/中级工. The enterprise, the person, the numbers
// and the URLs are fictional; the occupation code is that of the national
// occupational classification (职业分类大典), 6-31-01-10.
func sampleCertificate() certificate.Certificate {
	return certificate.Certificate{
		Number:     "ZP-2025-000123",
		Holder:     certificate.Holder{ID: "QX2025-0042", Name: "张伟", Kind: certificate.Employee},
		Occupation: certificate.Occupation{Code: "6-31-01-10", Name: "工业机器人系统运维员"},
		Level:      certificate.NationalGrade4,
		Issuer: certificate.Issuer{
			ID:   "https://skills.appliance.example.cn",
			Name: "青岛示例智能家电有限公司",
			Kind: certificate.SelfEvaluatingEnterprise,
			// The authorisation a self-evaluating enterprise needs: its
			// occupations, its highest level and its validity.
			Scope: &certificate.Scope{
				Occupations: []string{"6-31-01-10"},
				Highest:     certificate.NationalGrade3,
				Valid:       mustPeriod("2024-01-01", "2026-12-31"),
			},
		},
		Issued:  certificate.MustParseDate("2025-06-30"),
		Expires: certificate.MustParseDate("2028-06-29"),
		Channel: certificate.SelfEvaluation,
		Evidence: []certificate.Evidence{
			{Name: "实操考核记录 (practical assessment record)", URL: "https://skills.appliance.example.cn/evidence/ZP-2025-000123"},
		},
	}
}

// mustPeriod returns the period from start to end, for hard-coded dates; it
// panics on bad ones.
func mustPeriod(start, end string) certificate.Period {
	p, err := certificate.NewPeriod(certificate.MustParseDate(start), certificate.MustParseDate(end))
	if err != nil {
		panic(err)
	}
	return p
}
