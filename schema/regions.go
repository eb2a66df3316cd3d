package schema

// knownRegions are the Azure public, government and China cloud regions by
// their ARM names. An unknown region is a warning only: Azure adds regions.
var knownRegions = setOf(
	"australiacentral", "australiacentral2", "australiaeast", "australiasoutheast",
	"austriaeast", "belgiumcentral", "brazilsouth", "brazilsoutheast", "canadacentral", "canadaeast",
	"centralindia", "centralus", "centraluseuap", "chilecentral", "eastasia", "eastus", "eastus2",
	"eastus2euap", "francecentral", "francesouth", "germanynorth", "germanywestcentral",
	"indonesiacentral", "israelcentral", "italynorth", "japaneast", "japanwest", "jioindiacentral",
	"jioindiawest", "koreacentral", "koreasouth", "malaysiawest", "mexicocentral", "newzealandnorth",
	"northcentralus", "northeurope", "norwayeast", "norwaywest", "polandcentral", "qatarcentral",
	"southafricanorth", "southafricawest", "southcentralus", "southindia", "southeastasia",
	"spaincentral", "swedencentral", "swedensouth", "switzerlandnorth", "switzerlandwest",
	"uaecentral", "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope", "westindia",
	"westus", "westus2", "westus3",
	"usgovarizona", "usgovtexas", "usgovvirginia", "usdodcentral", "usdodeast",
	"chinaeast", "chinaeast2", "chinaeast3", "chinanorth", "chinanorth2", "chinanorth3",
)

func setOf(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
