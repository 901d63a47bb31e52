/* registers_family.c - register names per meter family (see family.h).
 *
 * Each table is sorted by ID and written from the rows of
 * tests/data/registers-by-family.tsv for that family; where sources name an
 * ID differently the vendor's description wins, then the source with most
 * of the family's registers, and the name is written out in words
 * ("MaxFlowDate_Y" -> "Max flow date, year").  Conflicts worth knowing are
 * noted at the entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmp/family.h"

#define ENTRY(id, name)                                                                            \
	{                                                                                          \
		id, name, ""                                                                       \
	}

/* MULTICAL 601 (and 602): the vendor's description 5512-447, 5.2, the only
 * complete source; bsdphk/PyKamstrup agrees on 60, 68, 88, 1004. */
static const kmp_register_info heat_60x[] = {
        ENTRY(60, "Heat energy E1"),
        ENTRY(61, "Flow energy E4"),
        ENTRY(62, "Return-flow energy E5"),
        ENTRY(63, "Cooling energy E3"),
        ENTRY(64, "Tariff register TA2"),
        ENTRY(65, "Tariff register TA3"),
        ENTRY(66, "Tariff limit TL2"),
        ENTRY(67, "Tariff limit TL3"),
        ENTRY(68, "Volume V1"),
        ENTRY(69, "Volume V2"),
        ENTRY(72, "Mass M1"),
        ENTRY(73, "Mass M2"),
        ENTRY(74, "Flow V1 (actual)"),
        ENTRY(75, "Flow V2 (actual)"),
        ENTRY(80, "Power E1 (actual, from V1, T1, T2)"),
        ENTRY(84, "Input register VA"),
        ENTRY(85, "Input register VB"),
        ENTRY(86, "Temperature T1 (flow)"),
        ENTRY(87, "Temperature T2 (return)"),
        ENTRY(88, "Temperature T3"),
        ENTRY(89, "Temperature difference T1-T2"),
        ENTRY(91, "Pressure P1 (flow)"),
        ENTRY(92, "Pressure P2 (return)"),
        ENTRY(94, "Control energy E2"),
        ENTRY(95, "Tap-water energy E6"),
        ENTRY(96, "Heat energy E7 (Y)"),
        ENTRY(97, "E8 (m3 x T1)"),
        ENTRY(98, "Target date (reading date)"),
        ENTRY(99, "Info code"),
        ENTRY(104, "Meter number input VB"),
        ENTRY(110, "E9 (m3 x T2)"),
        ENTRY(112, "Customer number (high 8 digits)"),
        ENTRY(113, "Info-event counter"),
        ENTRY(114, "Meter number input VA"),
        ENTRY(122, "Temperature T4"),
        ENTRY(123, "Max flow date, year"),
        ENTRY(124, "Max flow, year"),
        ENTRY(125, "Min flow date, year"),
        ENTRY(126, "Min flow, year"),
        ENTRY(127, "Max power date, year"),
        ENTRY(128, "Max power, year"),
        ENTRY(129, "Min power date, year"),
        ENTRY(130, "Min power, year"),
        ENTRY(138, "Max flow date, month"),
        ENTRY(139, "Max flow, month"),
        ENTRY(140, "Min flow date, month"),
        ENTRY(141, "Min flow, month"),
        ENTRY(142, "Max power date, month"),
        ENTRY(143, "Max power, month"),
        ENTRY(144, "Min power date, month"),
        ENTRY(145, "Min power, month"),
        ENTRY(146, "Average T1, year"),
        ENTRY(147, "Average T2, year"),
        ENTRY(149, "Average T1, month"),
        ENTRY(150, "Average T2, month"),
        ENTRY(152, "Program number ABCCCCCC"),
        ENTRY(153, "Config number DDDEE"),
        ENTRY(154, "Software checksum"),
        ENTRY(155, "Energy, high resolution (test)"),
        ENTRY(157, "Top module ID"),
        ENTRY(158, "Base module ID"),
        ENTRY(168, "Config number FFGGMN"),
        ENTRY(175, "Error hour counter"),
        ENTRY(234, "Litres per pulse, input A"),
        ENTRY(235, "Litres per pulse, input B"),
        ENTRY(1001, "Serial number"),
        ENTRY(1002, "Clock (hh:mm:ss)"),
        ENTRY(1003, "Date (yy:mm:dd)"),
        ENTRY(1004, "Operating hours"),
        ENTRY(1005, "Software edition"),
        ENTRY(1010, "Customer number (low 8 digits)"),
};

/* MULTICAL 801: what 5512-447 5.3 adds to (or renames in) the 601 table;
 * everything else is looked up in heat_60x. */
static const kmp_register_info heat_801[] = {
        ENTRY(157, "Feature CPU ID (dummy top module ID)"),
        ENTRY(171, "Base module 2 ID"),
        ENTRY(172, "External base module ID"),
        ENTRY(184, "M-Bus primary address, module 1"),
        ENTRY(185, "M-Bus secondary address, module 1"),
        ENTRY(218, "M-Bus primary address, module 2"),
        ENTRY(219, "M-Bus secondary address, module 2"),
        ENTRY(220, "M-Bus primary address, external module"),
        ENTRY(221, "M-Bus secondary address, external module"),
};

/* MULTICAL 302: bsdphk/PyKamstrup issue 4, copied there from the 302's
 * technical description. */
static const kmp_register_info heat_302[] = {
        ENTRY(60, "Heat energy E1"),
        ENTRY(63, "Cooling energy E3"),
        ENTRY(68, "Volume V1"),
        ENTRY(74, "Flow V1 (actual)"),
        ENTRY(80, "Power (actual)"),
        ENTRY(86, "Temperature T1 (flow)"),
        ENTRY(87, "Temperature T2 (return)"),
        ENTRY(89, "Temperature difference T1-T2"),
        ENTRY(97, "E8 (m3 x T1)"),
        ENTRY(98, "Target date (reading date)"),
        ENTRY(99, "Info code"),
        ENTRY(110, "E9 (m3 x T2)"),
        ENTRY(113, "Info-event counter"),
        ENTRY(146, "Average T1, year"),
        ENTRY(147, "Average T2, year"),
        ENTRY(149, "Average T1, month"),
        ENTRY(150, "Average T2, month"),
        ENTRY(229, "Average T1, last integration"),
        ENTRY(230, "Average T2, last integration"),
        ENTRY(239, "Volume V1, high resolution"),
        ENTRY(266, "Heat energy E1, high resolution"),
        ENTRY(267, "Cooling energy E3, high resolution"),
        ENTRY(1002, "Clock (hh:mm:ss)"),
        ENTRY(1003, "Date (yy:mm:dd)"),
        ENTRY(1004, "Operating hours"),
};

/* MULTICAL 303/403/603/803: gertvdijk/PyKMP and golles/ha-kamstrup_403
 * (403), jktjkt/PyKMP (603/303, the most complete).  golles calls 99
 * "Infoevent" and PyKMP calls 113 "Infoevent": 99 is the info code and 113
 * the info-event counter (5512-447 5.2, and golles' own 113 "Infoevent
 * counter").  jktjkt names both 91 and 92 "Pressure P1": 92 is P2. */
static const kmp_register_info heat_x03[] = {
        ENTRY(60, "Heat energy E1"),
        ENTRY(61, "Inlet energy E4"),
        ENTRY(62, "Outlet energy E5"),
        ENTRY(63, "Cooling energy E3"),
        ENTRY(64, "Tariff register TA2"),
        ENTRY(65, "Tariff register TA3"),
        ENTRY(66, "Tariff limit TL2"),
        ENTRY(67, "Tariff limit TL3"),
        ENTRY(68, "Volume V1"),
        ENTRY(69, "Volume V2"),
        ENTRY(72, "Mass M1"),
        ENTRY(73, "Mass M2"),
        ENTRY(74, "Flow V1 (actual)"),
        ENTRY(75, "Flow V2 (actual)"),
        ENTRY(80, "Power (actual)"),
        ENTRY(84, "Pulse input A1"),
        ENTRY(85, "Pulse input B1"),
        ENTRY(86, "Temperature T1 (inlet)"),
        ENTRY(87, "Temperature T2 (outlet)"),
        ENTRY(88, "Temperature T3"),
        ENTRY(89, "Temperature difference T1-T2"),
        ENTRY(91, "Pressure P1"),
        ENTRY(92, "Pressure P2"),
        ENTRY(94, "Heat energy E2"),
        ENTRY(95, "Tap-water energy E6"),
        ENTRY(96, "Tap-water energy E7"),
        ENTRY(97, "E8 (m3 x T1)"),
        ENTRY(98, "Target date"),
        ENTRY(99, "Info code"),
        ENTRY(104, "Meter number input VB"),
        ENTRY(110, "E9 (m3 x T2)"),
        ENTRY(112, "Customer number (high 8 digits)"),
        ENTRY(113, "Info-event counter"),
        ENTRY(114, "Meter number input VA"),
        ENTRY(122, "Temperature T4"),
        ENTRY(123, "Max flow date, year"),
        ENTRY(124, "Max flow, year"),
        ENTRY(125, "Min flow date, year"),
        ENTRY(126, "Min flow, year"),
        ENTRY(127, "Max power date, year"),
        ENTRY(128, "Max power, year"),
        ENTRY(129, "Min power date, year"),
        ENTRY(130, "Min power, year"),
        ENTRY(138, "Max flow date, month"),
        ENTRY(139, "Max flow, month"),
        ENTRY(140, "Min flow date, month"),
        ENTRY(141, "Min flow, month"),
        ENTRY(142, "Max power date, month"),
        ENTRY(143, "Max power, month"),
        ENTRY(144, "Min power date, month"),
        ENTRY(145, "Min power, month"),
        ENTRY(146, "Average T1, year"),
        ENTRY(147, "Average T2, year"),
        ENTRY(149, "Average T1, month"),
        ENTRY(150, "Average T2, month"),
        ENTRY(152, "Program number"),
        ENTRY(153, "Config number 1"),
        ENTRY(154, "Software checksum"),
        ENTRY(168, "Config number 2"),
        ENTRY(175, "Error hour counter"),
        ENTRY(178, "Differential energy dE"),
        ENTRY(179, "Control energy cE"),
        ENTRY(180, "Differential volume dV"),
        ENTRY(181, "Control volume cV"),
        ENTRY(184, "M-Bus primary address, module 1"),
        ENTRY(185, "M-Bus secondary address, module 1"),
        ENTRY(218, "M-Bus primary address, module 2"),
        ENTRY(219, "M-Bus secondary address, module 2"),
        ENTRY(222, "Configuration-change counter"),
        ENTRY(224, "Pulse input A2"),
        ENTRY(225, "Pulse input B2"),
        ENTRY(228, "Config number 3"),
        ENTRY(229, "Average T1, last integration"),
        ENTRY(230, "Average T2, last integration"),
        ENTRY(234, "Litres per pulse, input A"),
        ENTRY(235, "Litres per pulse, input B"),
        ENTRY(239, "Volume V1, high resolution"),
        ENTRY(259, "Nominal flow qp"),
        ENTRY(266, "Heat energy E1, high resolution"),
        ENTRY(267, "Cooling energy E3, high resolution"),
        ENTRY(346, "Module software revision"),
        ENTRY(347, "Customer number"),
        ENTRY(348, "Date and time"),
        ENTRY(355, "COP, year"),
        ENTRY(362, "Tariff register TA4"),
        ENTRY(364, "Heat energy A1 (discount, T2 below T5 limit)"),
        ENTRY(365, "Heat energy A2 (surcharge, T2 above T5 limit)"),
        ENTRY(366, "T5 limit"),
        ENTRY(367, "COP, month"),
        ENTRY(368, "Config number 4"),
        ENTRY(369, "Info bits"),
        ENTRY(371, "COP"),
        ENTRY(372, "Power, input B1"),
        ENTRY(379, "Average T1, day"),
        ENTRY(380, "Average T2, day"),
        ENTRY(381, "Average T1, hour"),
        ENTRY(382, "Average T2, hour"),
        ENTRY(383, "Max flow V1 date, year"),
        ENTRY(385, "Max power date, year"),
        ENTRY(387, "Max flow V1 date, month"),
        ENTRY(389, "Max power date, month"),
        ENTRY(398, "Temperature T1 (one decimal)"),
        ENTRY(399, "Temperature T2 (one decimal)"),
        ENTRY(400, "Temperature difference T1-T2 (one decimal)"),
        ENTRY(404, "Meter type"),
        ENTRY(473, "Energy E10"),
        ENTRY(474, "Energy E11"),
        ENTRY(477, "Average T3, day"),
        ENTRY(478, "Average T3, hour"),
        ENTRY(505, "Average P1, day"),
        ENTRY(506, "Average P2, day"),
        ENTRY(507, "Average P1, hour"),
        ENTRY(508, "Average P2, hour"),
        ENTRY(675, "Wireless M-Bus transmission interval"),
        ENTRY(1001, "Serial number"),
        ENTRY(1002, "Clock (hh:mm:ss)"),
        ENTRY(1003, "Date (yy:mm:dd)"),
        ENTRY(1004, "Operating hours"),
        ENTRY(1005, "Software edition"),
        ENTRY(1010, "Customer number (low 8 digits)"),
        ENTRY(1032, "Operation mode"),
};

/* MULTICAL 21 and flowIQ: reference/registers.tsv (243, 292, 299, 582),
 * bsdphk/PyKamstrup pull request 6 (99, read from a MULTICAL 21) and
 * jktjkt/PyKMP's branch wip/register-names (from a KWM2231 water meter's
 * logger; 293..295 left out, their order is marked uncertain there; 299 is
 * "Ambient temperature" in one table and "Meter temperature" in the other:
 * the same sensor). */
static const kmp_register_info water[] = {
        ENTRY(99, "Info code"),
        ENTRY(243, "Volume V1 reverse"),
        ENTRY(292, "Water temperature"),
        ENTRY(296, "Min water temperature, day"),
        ENTRY(297, "Max water temperature, day"),
        ENTRY(298, "Average water temperature, day"),
        ENTRY(299, "Ambient (meter) temperature"),
        ENTRY(300, "Min meter temperature, month"),
        ENTRY(301, "Max meter temperature, month"),
        ENTRY(302, "Average meter temperature, month"),
        ENTRY(303, "Min meter temperature, day"),
        ENTRY(304, "Max meter temperature, day"),
        ENTRY(305, "Average meter temperature, day"),
        ENTRY(338, "Data quality"),
        ENTRY(409, "Info hour counters"),
        ENTRY(440, "Max flow, hour"),
        ENTRY(445, "Max flow date, day"),
        ENTRY(446, "Min flow date, day"),
        ENTRY(458, "Info code (logger)"),
        ENTRY(582, "Battery days left"),
        ENTRY(583, "Acoustic noise, last day"),
        ENTRY(622, "Volume V1, extra digit"),
        ENTRY(640, "Meter type (text)"),
};

/* 382/162/351 and OMNIPOWER: AiMiR's KMP stack (KmpUtils.cpp, the most
 * complete list), with mushorg/conpot, bsdphk/PyKamstrup,
 * bipsendk/kamstrup-382Lx7 and abrander/gometer for the IDs they share.
 * AiMiR's names, which follow the vendor's A14/A23 notation (A14 = active
 * energy in, A23 = out), are kept; 1 and 2 add the words the other sources
 * use.  1047 is the real-time clock (AiMiR "RTC", unit 53 replies): conpot
 * calls it "Time zone".  1023/1024: bsdphk names both "Power In"; AiMiR and
 * bipsendk make 1024 the power out. */
static const kmp_register_info electricity[] = {
        ENTRY(1, "Energy in, active A14 (A+)"),
        ENTRY(2, "Energy out, active A23 (A-)"),
        ENTRY(3, "Reactive energy R12"),
        ENTRY(4, "Reactive energy R34"),
        ENTRY(5, "Reactive energy R1"),
        ENTRY(6, "Reactive energy R4"),
        ENTRY(8, "Secondary active energy A23"),
        ENTRY(9, "Secondary reactive energy R12"),
        ENTRY(10, "Secondary reactive energy R34"),
        ENTRY(11, "Secondary reactive energy R1"),
        ENTRY(12, "Secondary reactive energy R4"),
        ENTRY(13, "Energy in A14, high resolution"),
        ENTRY(14, "Energy out A23, high resolution"),
        ENTRY(15, "Reactive energy R12 (high resolution)"),
        ENTRY(16, "Reactive energy R34 (high resolution)"),
        ENTRY(18, "Resettable counter A23"),
        ENTRY(19, "Active energy A14 Tariff 1"),
        ENTRY(20, "Active energy A23 Tariff 1"),
        ENTRY(21, "Reactive energy R12 Tariff 1"),
        ENTRY(22, "Reactive energy R34 Tariff 1"),
        ENTRY(23, "Active energy A14 Tariff 2"),
        ENTRY(24, "Active energy A23 Tariff 2"),
        ENTRY(25, "Reactive energy R12 Tariff 2"),
        ENTRY(26, "Reactive energy R34 Tariff 2"),
        ENTRY(27, "Active energy A14 Tariff 3"),
        ENTRY(28, "Active energy A23 Tariff 3"),
        ENTRY(29, "Reactive energy R12 Tariff 3"),
        ENTRY(30, "Reactive energy R34 Tariff 3"),
        ENTRY(31, "Active energy A14 Tariff 4"),
        ENTRY(32, "Active energy A23 Tariff 4"),
        ENTRY(33, "Reactive energy R12 Tariff 4"),
        ENTRY(34, "Reactive energy R34 Tariff 4"),
        ENTRY(39, "Max power P14"),
        ENTRY(40, "Max power P23"),
        ENTRY(41, "Max power Q12"),
        ENTRY(42, "Max power Q34"),
        ENTRY(43, "Accumulated max power P14"),
        ENTRY(44, "Accumulated max power P23"),
        ENTRY(45, "Accumulated max power Q12"),
        ENTRY(46, "Accumulated max power Q34"),
        ENTRY(47, "Number of debiting periods"),
        ENTRY(50, "Meter status"),
        ENTRY(51, "Meter number 1"),
        ENTRY(52, "Meter number 2"),
        ENTRY(53, "Meter number 3"),
        ENTRY(54, "Configurations number 1"),
        ENTRY(55, "Configurations number 2"),
        ENTRY(56, "Configurations number 3"),
        ENTRY(57, "Special Data 1"),
        ENTRY(58, "Pulse input"),
        ENTRY(199, "Load profile log interval"),
        ENTRY(222, "ConfigChangedEventCount"),
        ENTRY(231, "IncrementConfigChangedEventCount"),
        ENTRY(1001, "Serial number"),
        ENTRY(1002, "Clock"),
        ENTRY(1003, "Date"),
        ENTRY(1004, "Hour counter"),
        ENTRY(1005, "Software revision"),
        ENTRY(1010, "Total meter number"),
        ENTRY(1021, "Special Data 2"),
        ENTRY(1023, "Power in, actual P14"),
        ENTRY(1024, "Power out, actual P23"),
        ENTRY(1025, "Actual power Q12"),
        ENTRY(1026, "Actual power Q34"),
        ENTRY(1029, "Configurations number 4"),
        ENTRY(1031, "Active energy A1234"),
        ENTRY(1032, "Operation mode"),
        ENTRY(1033, "Max power P14 Tariff 1"),
        ENTRY(1036, "Max power P14 Tariff 2"),
        ENTRY(1039, "Power threshold value"),
        ENTRY(1040, "Power threshold counter"),
        ENTRY(1045, "RTC status"),
        ENTRY(1046, "VCOPCO status"),
        ENTRY(1047, "Real-time clock (RTC)"),
        ENTRY(1048, "RTC2 (undocumented)"),
        ENTRY(1049, "Max power P14 RTC"),
        ENTRY(1050, "Max power P14 Tariff 1 RTC"),
        ENTRY(1051, "Max power P14 Tariff 2 RTC"),
        ENTRY(1054, "Voltage L1"),
        ENTRY(1055, "Voltage L2"),
        ENTRY(1056, "Voltage L3"),
        ENTRY(1058, "Type number"),
        ENTRY(1059, "Active energy A14 Tariff 5"),
        ENTRY(1060, "Active energy A14 Tariff 6"),
        ENTRY(1061, "Active energy A14 Tariff 7"),
        ENTRY(1062, "Active energy A14 Tariff 8"),
        ENTRY(1063, "Active energy A23 Tariff 5"),
        ENTRY(1064, "Active energy A23 Tariff 6"),
        ENTRY(1065, "Active energy A23 Tariff 7"),
        ENTRY(1066, "Active energy A23 Tariff 8"),
        ENTRY(1067, "Reactive energy R12 Tariff 5"),
        ENTRY(1068, "Reactive energy R12 Tariff 6"),
        ENTRY(1069, "Reactive energy R12 Tariff 7"),
        ENTRY(1070, "Reactive energy R12 Tariff 8"),
        ENTRY(1071, "Reactive energy R34 Tariff 5"),
        ENTRY(1072, "Reactive energy R34 Tariff 6"),
        ENTRY(1073, "Reactive energy R34 Tariff 7"),
        ENTRY(1074, "Reactive energy R34 Tariff 8"),
        ENTRY(1075, "Configurations number 5"),
        ENTRY(1076, "Current L1"),
        ENTRY(1077, "Current L2"),
        ENTRY(1078, "Current L3"),
        ENTRY(1079, "Internal temperature"), /* abrander/gometer */
        ENTRY(1080, "Power in L1, actual P14"),
        ENTRY(1081, "Power in L2, actual P14"),
        ENTRY(1082, "Power in L3, actual P14"),
        ENTRY(1083, "ROM checksum"),
        ENTRY(1084, "Voltage extremity"),
        ENTRY(1085, "Voltage event"),
        ENTRY(1086, "Logger status"),
        ENTRY(1087, "Connection status"),
        ENTRY(1088, "Connection feedback"),
        ENTRY(1102, "Module port I/O configuration"),
        ENTRY(1108, "I short-circuit"),
        ENTRY(1109, "K1"),
        ENTRY(1110, "K2"),
        ENTRY(1111, "K3"),
        ENTRY(1112, "T1"),
        ENTRY(1113, "T2"),
        ENTRY(1114, "T3"),
        ENTRY(1115, "Tconnectwait"),
        ENTRY(1116, "Tprepayment low"),
        ENTRY(1117, "Switching on"),
        ENTRY(1118, "Cutoff basis"),
        ENTRY(1119, "ThLow"),
        ENTRY(1120, "ThHigh"),
        ENTRY(1121, "A14prepayment"),
        ENTRY(1122, "ThDisconnect"),
        ENTRY(1126, "Complete type number"),
        ENTRY(1127, "Max power Q14 RTC"),
        ENTRY(1130, "Max power Q23 Tariff 1"),
        ENTRY(1131, "Max power Q23 Tariff 1 RTC"),
        ENTRY(1134, "Max power Q23 Tariff 2"),
        ENTRY(1135, "Max power Q23 Tariff 2 RTC"),
        ENTRY(1138, "Secondary active energy A14 Tariff 1"),
        ENTRY(1139, "Secondary active energy A14 Tariff 2"),
        ENTRY(1140, "Secondary active energy A14 Tariff 3"),
        ENTRY(1141, "Secondary active energy A14 Tariff 4"),
        ENTRY(1142, "Secondary active energy A14 Tariff 5"),
        ENTRY(1143, "Secondary active energy A14 Tariff 6"),
        ENTRY(1144, "Secondary active energy A14 Tariff 7"),
        ENTRY(1145, "Secondary active energy A14 Tariff 8"),
        ENTRY(1146, "Secondary active energy A23 Tariff 1"),
        ENTRY(1147, "Secondary active energy A23 Tariff 2"),
        ENTRY(1148, "Secondary active energy A23 Tariff 3"),
        ENTRY(1149, "Secondary active energy A23 Tariff 4"),
        ENTRY(1150, "Secondary active energy A23 Tariff 5"),
        ENTRY(1151, "Secondary active energy A23 Tariff 6"),
        ENTRY(1152, "Secondary active energy A23 Tariff 7"),
        ENTRY(1153, "Secondary active energy A23 Tariff 8"),
        ENTRY(1154, "Secondary reactive energy R12 Tariff 1"),
        ENTRY(1155, "Secondary reactive energy R12 Tariff 2"),
        ENTRY(1156, "Secondary reactive energy R12 Tariff 3"),
        ENTRY(1157, "Secondary reactive energy R12 Tariff 4"),
        ENTRY(1158, "Secondary reactive energy R12 Tariff 5"),
        ENTRY(1159, "Secondary reactive energy R12 Tariff 6"),
        ENTRY(1160, "Secondary reactive energy R12 Tariff 7"),
        ENTRY(1161, "Secondary reactive energy R12 Tariff 8"),
        ENTRY(1162, "Secondary reactive energy R34 Tariff 1"),
        ENTRY(1163, "Secondary reactive energy R34 Tariff 2"),
        ENTRY(1164, "Secondary reactive energy R34 Tariff 3"),
        ENTRY(1165, "Secondary reactive energy R34 Tariff 4"),
        ENTRY(1166, "Secondary reactive energy R34 Tariff 5"),
        ENTRY(1167, "Secondary reactive energy R34 Tariff 6"),
        ENTRY(1168, "Secondary reactive energy R34 Tariff 7"),
        ENTRY(1169, "Secondary reactive energy R34 Tariff 8"),
        ENTRY(1170, "Power factor L1"),
        ENTRY(1171, "Power factor L2"),
        ENTRY(1172, "Power factor L3"),
        ENTRY(1173, "Total power factor"),
        ENTRY(1175, "Debiting logger 2 interval"),
        ENTRY(1180, "Password"),
        ENTRY(1189, "Config code 000"),
        ENTRY(1190, "P14 Maximum"),
        ENTRY(1191, "P14 Minimum"),
        ENTRY(1192, "LegalLoggerSize"),
        ENTRY(1193, "LegalLoggerDepth"),
        ENTRY(1194, "AnalysisLoggerDepth"),
        ENTRY(1195, "AnalysisLoggerInterval"),
        ENTRY(1196, "P14 Maximum time"),
        ENTRY(1197, "P14 Maximum Date"),
        ENTRY(1198, "P14 Maximum RTC"),
        ENTRY(1199, "P14 Minimum time"),
        ENTRY(1200, "P14 Minimum Date"),
        ENTRY(1201, "P14 Minimum RTC"),
        ENTRY(1210, "LoadProfileRegisterSetup"),
        ENTRY(1211, "LoadProfileLoggerSetup"),
        ENTRY(1212, "VQLogULow"),
        ENTRY(1213, "VQLogUHigh"),
        ENTRY(1214, "VQLogTeventMinDuration"),
        ENTRY(1215, "Avg Voltage L1"),
        ENTRY(1216, "Avg Voltage L2"),
        ENTRY(1217, "Avg Voltage L3"),
        ENTRY(1218, "Avg Current L1"),
        ENTRY(1219, "Avg Current L2"),
        ENTRY(1220, "Avg Current L3"),
        ENTRY(1222, "LoadProfile Event status"),
        ENTRY(1224, "Logger status 2"),
        ENTRY(1226, "Load1Active"),
        ENTRY(1227, "Load1Mode"),
        ENTRY(1228, "Load1ConvertTariffToPos"),
        ENTRY(1229, "Load2Active"),
        ENTRY(1230, "Load2Mode"),
        ENTRY(1231, "Load2ConvertTariffToPos"),
        ENTRY(1232, "LoadVariableDelay"),
        ENTRY(1233, "WorkingDaysSetup"),
        ENTRY(1234, "PulseInputLevel"),
        ENTRY(1235, "EventstatusA"),
        ENTRY(1236, "EventMaskA"),
        ENTRY(1237, "EventstatusB"),
        ENTRY(1238, "EventMaskB PosEdge"),
        ENTRY(1239, "EventMaskB NegEdge"),
        ENTRY(1240, "DayLightSavingConfig"),
        ENTRY(1241, "DataQualityMask"),
        ENTRY(1242, "NeutralFaultLogEvent"),
        ENTRY(1243, "ModuleIdentity"),
        ENTRY(1244, "Load1VariableDelayCnt"),
        ENTRY(1245, "Load2VariableDelayCnt"),
        ENTRY(1246, "NeutralFaultVNth"),
        ENTRY(1247, "NeutralFaultVLTh"),
        ENTRY(1248, "NeutralFaultTime"),
        ENTRY(1249, "NeutralVoltage"),
        ENTRY(1250, "Displaytest"),
        ENTRY(1251, "DisplayuserForcedCall"),
        ENTRY(1252, "DisplayDisconnect"),
        ENTRY(1253, "DisplayDebitingLogger"),
        ENTRY(1254, "DisplayLoadProfileLogger"),
        ENTRY(1258, "PowerfaultTimeThreshold"),
        ENTRY(1259, "DisplayOptionsConfig"),
        ENTRY(1261, "EnergyA14IntervalValueDay"),
        ENTRY(1262, "EnergyA14IntervalValueWeek"),
        ENTRY(1263, "EnergyA14IntervalValueMonth"),
        ENTRY(1264, "EnergyA14IntervalValueYear"),
        ENTRY(1268, "M-Bus address (and K1)"),
        ENTRY(1271, "KMP address"),
        ENTRY(1274, "Anet"),
        ENTRY(1275, "Reactive energy R2"),
        ENTRY(1276, "Reactive energy R3"),
        ENTRY(1277, "Apparent energy E14"),
        ENTRY(1278, "Apparent energy E23"),
        ENTRY(1295, "Resettable counter R12"),
        ENTRY(1296, "Resettable counter R34"),
        ENTRY(1297, "Resettable counter E14"),
        ENTRY(1298, "Resettable counter E23"),
        ENTRY(1299, "Active positive energy A14 L1"),
        ENTRY(1300, "Active positive energy A14 L2"),
        ENTRY(1301, "Active positive energy A14 L3"),
        ENTRY(1302, "Active positive energy A23 L1"),
        ENTRY(1303, "Active positive energy A23 L2"),
        ENTRY(1304, "Active positive energy A23 L3"),
        ENTRY(1305, "Actual power S14"),
        ENTRY(1306, "Actual power S23"),
        ENTRY(1307, "Actual power S1234"),
        ENTRY(1308, "Average power S14"),
        ENTRY(1309, "Average power S23"),
        ENTRY(1310, "Max power S23"),
        ENTRY(1311, "Max power S23 RTC"),
        ENTRY(1326, "Max power S14"),
        ENTRY(1327, "Max power S14 RTC"),
        ENTRY(1344, "Power out L1, actual P23"),
        ENTRY(1345, "Power out L2, actual P23"),
        ENTRY(1346, "Power out L3, actual P23"),
        ENTRY(1347, "Actual power Q12 L1"),
        ENTRY(1348, "Actual power Q12 L2"),
        ENTRY(1349, "Actual power Q12 L3"),
        ENTRY(1350, "Actual power Q34 L1"),
        ENTRY(1351, "Actual power Q34 L2"),
        ENTRY(1352, "Actual power Q34 L3"),
        ENTRY(1353, "Actual power S14 L1"),
        ENTRY(1354, "Actual power S14 L2"),
        ENTRY(1355, "Actual power S14 L3"),
        ENTRY(1356, "Actual power S23 L1"),
        ENTRY(1357, "Actual power S23 L2"),
        ENTRY(1358, "Actual power S23 L3"),
        ENTRY(1377, "Average power factor L1"),
        ENTRY(1378, "Average power factor L2"),
        ENTRY(1379, "Average power factor L3"),
        ENTRY(1380, "Average power factor total"),
        ENTRY(1385, "Average Voltage L1 (10min)"),
        ENTRY(1386, "Average Voltage L2 (10min)"),
        ENTRY(1387, "Average Voltage L3 (10min)"),
        ENTRY(1388, "Supply voltage unbalance"),
        ENTRY(1389, "Supply voltage unbalance - mean"),
        ENTRY(1390, "Frequency"),
        ENTRY(1391, "Frequency - mean"),
        ENTRY(1408, "A14pp credit"),
        ENTRY(1411, "LastPayment value"),
        ENTRY(1412, "LastPayment RTC"),
        ENTRY(1413, "TRemaining"),
        ENTRY(1470, "Phase sequence detection"),
        ENTRY(1471, "Power factor angle L1"),
        ENTRY(1472, "Power factor angle L2"),
        ENTRY(1473, "Power factor angle L3"),
        ENTRY(1474, "Power factor angle total"),
        ENTRY(2010, "Active tariff"),
        ENTRY(2011, "TariffMode"),
        ENTRY(6002, "Energy format (KMP)"),
        ENTRY(6026, "Firmware revision A"), /* mushorg/conpot */
        ENTRY(6031, "Software revision (firmware B)"),
        ENTRY(6152, "SoftwareUploadInformationPart"),
        ENTRY(6154, "SoftwareVariantRevision_Old"),
        ENTRY(6196, "OriginatorID"),
};

#define N(t) (sizeof t / sizeof t[0])

static const struct family_table {
	const kmp_register_info *rows;
	size_t n;
	const char *name;
	const char *kind; /* what the generic table's family column holds for it */
} tables[KMP_FAMILY_COUNT] = {
        [KMP_FAMILY_UNKNOWN] = {NULL, 0, "unknown", NULL},
        [KMP_FAMILY_HEAT_302] = {heat_302, N(heat_302), "heat MULTICAL 302", "heat"},
        [KMP_FAMILY_HEAT_60X] = {heat_60x, N(heat_60x), "heat MULTICAL 601/602", "heat"},
        [KMP_FAMILY_HEAT_801] = {heat_801, N(heat_801), "heat MULTICAL 801", "heat"},
        [KMP_FAMILY_HEAT_X03] = {heat_x03, N(heat_x03), "heat MULTICAL 303/403/603/803", "heat"},
        [KMP_FAMILY_WATER] = {water, N(water), "water MULTICAL 21/flowIQ", "water"},
        [KMP_FAMILY_ELECTRICITY] = {electricity, N(electricity),
                                    "electricity 382/162/351/OMNIPOWER", "electricity"},
};

const kmp_register_info *kmp_family_table(kmp_family fam, size_t *n)
{
	if (fam <= KMP_FAMILY_UNKNOWN || fam >= KMP_FAMILY_COUNT) {
		*n = 0;
		return NULL;
	}
	*n = tables[fam].n;
	return tables[fam].rows;
}

const char *kmp_family_name(kmp_family fam)
{
	return fam > KMP_FAMILY_UNKNOWN && fam < KMP_FAMILY_COUNT ? tables[fam].name : "unknown";
}

static int by_id(const void *key, const void *elem)
{
	unsigned k = *(const unsigned *)key, id = ((const kmp_register_info *)elem)->id;
	return k < id ? -1 : k > id;
}

const kmp_register_info *kmp_register_family_lookup(kmp_family fam, unsigned id)
{
	if (fam <= KMP_FAMILY_UNKNOWN || fam >= KMP_FAMILY_COUNT)
		return NULL;
	const kmp_register_info *r =
	        bsearch(&id, tables[fam].rows, tables[fam].n, sizeof *tables[fam].rows, by_id);
	if (!r && fam == KMP_FAMILY_HEAT_801) /* the 801 extends the 601 */
		return kmp_register_family_lookup(KMP_FAMILY_HEAT_60X, id);
	return r;
}

const char *kmp_register_name(kmp_family fam, uint16_t id, char *buf, size_t cap)
{
	const kmp_register_info *r = kmp_register_family_lookup(fam, id);
	if (r)
		return r->name;
	r = kmp_register_lookup(id);
	/* the generic table mixes meter kinds: register 1 is an electricity
	 * meter's energy, never a water meter's */
	if (r && (fam <= KMP_FAMILY_UNKNOWN || fam >= KMP_FAMILY_COUNT ||
	          strstr(r->family, tables[fam].kind)))
		return r->name;
	snprintf(buf, cap, "register %u", (unsigned)id);
	return buf;
}

/* Add id to the sorted set out[0..*n) (cap entries). */
static void add_id(uint16_t *out, size_t *n, size_t cap, uint16_t id)
{
	size_t lo = 0, hi = *n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (out[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < *n && out[lo] == id)
		return;
	if (*n == cap)
		return;
	memmove(out + lo + 1, out + lo, (*n - lo) * sizeof *out);
	out[lo] = id;
	(*n)++;
}

static void add_family(kmp_family fam, uint16_t *out, size_t *n, size_t cap)
{
	for (size_t i = 0; i < tables[fam].n; i++)
		add_id(out, n, cap, tables[fam].rows[i].id);
	if (fam == KMP_FAMILY_HEAT_801) /* the 801 extends the 601 */
		add_family(KMP_FAMILY_HEAT_60X, out, n, cap);
}

size_t kmp_family_known_ids(kmp_family fam, uint16_t *out, size_t cap)
{
	size_t n = 0, count;
	const kmp_register_info *generic = kmp_register_table(&count);
	int known = fam > KMP_FAMILY_UNKNOWN && fam < KMP_FAMILY_COUNT;
	if (known) {
		add_family(fam, out, &n, cap);
	} else {
		for (int f = KMP_FAMILY_UNKNOWN + 1; f < KMP_FAMILY_COUNT; f++)
			add_family((kmp_family)f, out, &n, cap);
	}
	/* the generic table's rows for this kind of meter (all, when the
	 * family is not known) */
	for (size_t i = 0; i < count; i++)
		if (!known || strstr(generic[i].family, tables[fam].kind))
			add_id(out, &n, cap, generic[i].id);
	return n;
}
