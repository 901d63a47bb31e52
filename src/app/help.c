/* help.c - `kmpterm --help`, `kmpterm help [COMMAND]` and `kmpterm
 * COMMAND --help`: the general help lists the commands; each command's
 * help shows its usage, the options it takes and an example. */
#include <stdio.h>
#include <string.h>

#include "app/options.h"

static const char general[] =
        "Usage: kmpterm [OPTIONS] [COMMAND [ARGS]]\n"
        "Diagnostics terminal for Kamstrup meters speaking KMP through an optical head.\n"
        "\n"
        "Without a command, opens the interactive terminal (views: 1 registers, 2 trace,\n"
        "3 align, 4 scan; ? for keys).\n"
        "\n"
        "Commands (kmpterm help COMMAND, or kmpterm COMMAND --help, for each one):\n"
        "  read [REG...]      read registers (decimal or 0x hex IDs), 8 per request\n"
        "  type               meter type and software revision (GetType)\n"
        "  serial             serial number (GetSerialNo)\n"
        "  probe              probe the optical link and summarise the answer rate\n"
        "  scan               find the register IDs the meter answers\n"
        "  history            read the meter's own data logger (year, month, day, hour)\n"
        "  events             the event status (GetEventStatus) as named flags\n"
        "  identify           what is on the line: meter, settings, protocol, or why\n"
        "                     nothing answers\n"
        "  loopback           check the head or adapter with TX and RX bridged\n"
        "  decode [PASTE|FILE|-]  decode frames from a paste or log (no device needed)\n"
        "  profile save|list|show|delete  named register lists and intervals\n"
        "  ports              list serial ports\n"
        "  help [COMMAND]     this help, or a command's\n"
        "\n"
        "Link options (before or after the command):\n"
        "  -d, --device DEV   serial port, /dev/serial/by-id/..., pty, tcp://HOST:PORT or\n"
        "                     socket://HOST:PORT (default: $KMP_DEVICE, else the only USB\n"
        "                     serial port)\n"
        "      --sim          use the built-in simulated meter instead of a device\n"
        "      --sim-args S   options for the simulated meter, e.g. \"--echo --corrupt 10\"\n"
        "  -b, --baud N       line speed (default 1200; 382 electricity meters use 9600)\n"
        "      --parity P     none, even or odd (default none)\n"
        "      --stopbits N   1 or 2 (default 2)\n"
        "      --databits N   5..8 (default 8)\n"
        "  -a, --address A    destination address (default 0x3F heat meter; 0x7F, 0xBF\n"
        "                     logger modules)\n"
        "      --timeout MS   wait this long for the first reply byte (default 1600)\n"
        "      --retries N    extra attempts after a failed exchange (default 2)\n"
        "      --log FILE     append every frame and event to FILE (docs/trace-format.md)\n"
        "\n"
        "Meter options:\n"
        "      --family F     the meter's family, for register names and info codes:\n"
        "                     multical302, multical601, multical801, multical403,\n"
        "                     multical21, kamstrup382 (read, scan, identify, terminal)\n"
        "      --protocol P   kmp (default) or legacy (MULTICAL 66C/401/III; read,\n"
        "                     terminal)\n"
        "\n"
        "Output options:\n"
        "      --json         machine-readable output (read, type, serial, probe, scan,\n"
        "                     history, events, identify, loopback, decode, ports)\n"
        "  -C, --no-color     no colours in the terminal (also: NO_COLOR set and not empty)\n"
        "\n"
        "Terminal options:\n"
        "  -r, --registers L  registers for the live table (default\n"
        "                     60,68,74,80,86,87,89,266,1002,1003)\n"
        "      --interval S   poll interval in seconds (default 10). Every exchange keeps the\n"
        "                     meter's optical port awake and runs down its battery: poll\n"
        "                     no faster than you need.\n"
        "      --scan-range R the scan view's range, A-B or A..B\n"
        "  -p, --profile NAME registers and interval saved as NAME (kmpterm profile)\n"
        "      --replay FILE  show a recorded --log file (or a paste) instead of a meter\n"
        "\n"
        "  -h, --help         this help;  -V, --version  the version\n"
        "\n"
        "An option a command does not use is an error.  Settings you always type can go\n"
        "in ~/.config/kmpterm/config (see man kmpterm).\n"
        "Exit status: 0 success, 1 no valid answer or link failure, 2 usage error.\n"
        "kmpterm never sends a write command (SetClock, PutRegister) to a meter.\n";

/* What every command that talks to a meter takes. */
#define LINK_OPTS                                                                                  \
	"Link options: -d DEV | --sim [--sim-args S], -b N, --parity P, --stopbits N,\n"           \
	"  --databits N, -a A, --timeout MS, --retries N, --log FILE (see kmpterm --help)\n"

typedef struct command_help {
	const char *name;
	const char *text;
} command_help;

static const command_help commands[] = {
        {"read",
         "Usage: kmpterm [-d DEV | --sim] read [--json | --csv | --format F] [--out FILE]\n"
         "                  [--repeat N] [--interval S] [-p NAME] [REG...]\n"
         "Read registers: IDs in decimal or 0x hex (0..65535; 010 is ten), separated by\n"
         "spaces or commas, 8 per request.  Without IDs, the registers of -r, of the\n"
         "profile (-p) or of the config file's 'registers =' are read.\n"
         "\n"
         "  --json         one JSON object per round\n"
         "  --csv          CSV: time,id,name,value,unit,unit_name,text, a row per register\n"
         "                 per round (same as --format csv)\n"
         "  --format F     text (default), json, csv or influx (InfluxDB line protocol)\n"
         "  --out FILE     append the CSV (default) or line protocol to FILE, synced\n"
         "                 every round; a round that fails writes no row and the\n"
         "                 recording goes on\n"
         "  --repeat N     rounds to read (default 1; 0: until Ctrl-C)\n"
         "  --interval S   seconds between round starts (0: back to back)\n"
         "  -r, --registers L   the registers when no REG is given\n"
         "  -p, --profile NAME  registers and interval of a saved profile\n"
         "  --family F     names and info-code flags of this family (identify says it)\n"
         "  --protocol legacy   a MULTICAL 66C/401/III: its /#1 and /#2 data, no IDs\n" LINK_OPTS
         "\n"
         "Example: kmpterm -d /dev/ttyUSB0 read --repeat 0 --interval 60 --out heat.csv 60 68\n"
         "Exit status: 0 every register answered (or is missing on this meter), 1 some\n"
         "got no valid answer or the link failed, 2 usage error.\n"},
        {"type", "Usage: kmpterm [-d DEV | --sim] type [--json]\n"
                 "The meter type and software revision (GetType).\n" LINK_OPTS "\n"
                 "Example: kmpterm -d /dev/ttyUSB0 type\n"
                 "Exit status: 0 answered, 1 no valid answer or link failure, 2 usage error.\n"},
        {"serial", "Usage: kmpterm [-d DEV | --sim] serial [--json]\n"
                   "The meter's serial number (GetSerialNo).\n" LINK_OPTS "\n"
                   "Example: kmpterm -d /dev/ttyUSB0 serial\n"
                   "Exit status: 0 answered, 1 no valid answer or link failure, 2 usage error.\n"},
        {"probe",
         "Usage: kmpterm [-d DEV | --sim] probe [--count N] [--json]\n"
         "Send N probes (GetSerialNo) as fast as the protocol allows and summarise how the\n"
         "optical link answers: OK, echo only, silent, noisy, garbage, rate, latency, and\n"
         "a hint where to move the head.  On a terminal a progress line shows the counts\n"
         "as they come.\n"
         "\n"
         "  --count N      probes to send (default 20)\n"
         "  --json         the summary as one JSON object\n" LINK_OPTS "\n"
         "Example: kmpterm -d /dev/ttyUSB0 probe --count 50\n"
         "Exit status: 0 at least one valid reply, 1 none or link failure, 2 usage error.\n"},
        {"scan",
         "Usage: kmpterm [-d DEV | --sim] scan [--known] [--from A] [--to B] [--scan-range R]\n"
         "                  [--batch N] [--delay MS] [--out FILE [--resume]] [--json]\n"
         "Ask for every register ID in a range and list those the meter answers.\n"
         "\n"
         "  --from A, --to B    the range, decimal or 0x hex (default 0 and 65535)\n"
         "  --scan-range R      the range as A-B or A..B\n"
         "  --batch N           IDs per request, 1..8 (default 8)\n"
         "  --delay MS          quiet time after each exchange (default 0)\n"
         "  --out FILE          write the results as a CSV while scanning\n"
         "  --resume            continue the scan recorded in --out FILE\n"
         "  --json              the result as one JSON object\n"
         "  --known             only the IDs public sources name for the family first\n"
         "                      (--family; the rest: --out FILE, then --resume)\n"
         "  --family F          the family that names found registers\n" LINK_OPTS "\n"
         "Example: kmpterm -d /dev/ttyUSB0 scan --from 0 --to 2000 --out regs.csv\n"
         "Exit status: 0 every ID settled, 1 the scan could not finish or some IDs never\n"
         "got a valid answer, 2 usage error.  See docs/scanning.md.\n"},
        {"history",
         "Usage: kmpterm [-d DEV | --sim] history [--logger NAME] [-r IDS] [--last N]\n"
         "                  [--out FILE.csv [--resume]] [--json]\n"
         "Read the meter's own data logger (B8, MULTICAL 303/403/603): the configuration,\n"
         "then the records by log ID, newest first, as many per request as fit.  With\n"
         "-a 0x7F or 0xBF, a MULTICAL 601/801 logger module (A0-A3).  Read-only.\n"
         "\n"
         "  --logger NAME  year, month, day (default), hour, minute-1, minute-2; for a\n"
         "                 logger module its log number 1..255 (default 1)\n"
         "  -r IDS         the registers, in this order (default: all the logger holds;\n"
         "                 a logger module needs them)\n"
         "  --last N       only the newest N records\n"
         "  --out FILE.csv write the records as an RFC 4180 CSV while reading, with a\n"
         "                 journal beside it (FILE.csv.journal); the file must not exist\n"
         "  --resume       continue the reading in --out FILE.csv: each record once\n"
         "  --json         the records as one JSON object\n" LINK_OPTS "\n"
         "Example: kmpterm -d /dev/ttyUSB0 history --logger month -r 1003,60,68 --out m.csv\n"
         "Exit status: 0 every record read, 1 no such logger, a register it does not hold,\n"
         "no answer, or records left unread (--resume asks them again), 2 usage error.\n"
         "See docs/history.md.\n"},
        {"events",
         "Usage: kmpterm [-d DEV | --sim] events [--json]\n"
         "The event status (GetEventStatus, 9B): the bytes ES0..ES3 and the flags they\n"
         "set, by name.  ClearEventStatus (9C) is a write and is never sent.\n" LINK_OPTS "\n"
         "Example: kmpterm -d /dev/ttyUSB0 events --json\n"
         "Exit status: 0 answered, 1 no valid answer or link failure, 2 usage error.\n"},
        {"decode",
         "Usage: kmpterm decode [--json] [PASTE... | FILE | -]\n"
         "Take apart KMP frames as people paste them: hex (803F..., 80 3F ..., 0x80,0x3F),\n"
         "whole ESPHome uart_debug lines (<<< RX, >>> TX), xxd and hexdump -C output,\n"
         "\\x80\\x3f escapes, Python b'...' and [0x80, ...], socat -x transcripts, PyKMP\n"
         "-vv lines and kmpterm's own --log files.  A FILE, - or no argument reads a\n"
         "file or standard input.  The side (TX, RX) is taken from the paste where it\n"
         "says it.  A line that cannot be read is named with its line and column and\n"
         "the rest is still decoded.  No device is opened.\n"
         "\n"
         "  --json         one JSON object with every frame\n"
         "\n"
         "Example: kmpterm decode 403F1003EA2F040000030E33B2320D\n"
         "Exit status: 0 every frame decoded, 1 a frame failed its checks or a line\n"
         "could not be read, 2 nothing could be read.\n"},
        {"profile", "Usage: kmpterm profile save NAME [-r LIST] [--interval S] [-d DEV]\n"
                    "       kmpterm profile list | show NAME | delete NAME\n"
                    "Named register lists and poll intervals for view 1 and read: -p NAME loads\n"
                    "one.  save writes ~/.config/kmpterm/profiles (atomically; the config file is\n"
                    "never rewritten); -d DEV ties the profile to that device, so it is used\n"
                    "whenever that device is.  [profile NAME] sections may also be written by\n"
                    "hand in the config file.  See man kmpterm, PROFILES.\n"
                    "\n"
                    "Example: kmpterm profile save heating -r 60,68,86,87 --interval 30\n"
                    "Exit status: 0 done, 1 no such profile or the file could not be written,\n"
                    "2 usage error.\n"},
        {"ports", "Usage: kmpterm ports [--json]\n"
                  "List the serial ports with what identifies a USB optical head: vendor:product,\n"
                  "manufacturer, product, serial number and the /dev/serial/by-id name.\n"
                  "\n"
                  "  --json         one JSON object\n"
                  "\n"
                  "Exit status: 0 listed (even none), 1 the ports could not be listed.\n"},
        {"terminal",
         "Usage: kmpterm [-d DEV | --sim] [-r LIST] [--interval S] [-p NAME]\n"
         "               [--scan-range R] [-C]\n"
         "       kmpterm --replay FILE [--family F] [-C]\n"
         "The interactive terminal (kmpterm without a command): 1 registers, 2 trace,\n"
         "3 align, 4 scan; ? lists the keys.  Without -d, KMP_DEVICE or a single USB\n"
         "port, it asks for the port first.\n"
         "\n"
         "  -r, --registers L   registers of the live table\n"
         "  --interval S        poll interval in seconds (default 10)\n"
         "  -p, --profile NAME  registers and interval of a saved profile\n"
         "  --scan-range R      the scan view's range, A-B or A..B (also --from, --to,\n"
         "                      --batch, --delay)\n"
         "  --replay FILE       a recorded session instead of a meter: a --log file or a\n"
         "                      paste decode reads; read-only (> 10x/100x, E the end);\n"
         "                      only --family and -C go with it\n"
         "  -C, --no-color      no colours (also: NO_COLOR set and not empty)\n" LINK_OPTS "\n"
         "Example: kmpterm --sim;  kmpterm --replay session.log\n"
         "Exit status: 0 quit, 1 no full-screen terminal, the link could not start or\n"
         "the --replay file cannot be read, 2 usage error.\n"},
        {"identify",
         "Usage: kmpterm [-d DEV | --sim] identify [--json] [--family F]\n"
         "What is on the line: listen first, then ask GetType and GetSerialNo at 1200 8N2,\n"
         "then at 1200 8N1, 2400 8N2, 9600 8N1, then the legacy protocol of the MULTICAL\n"
         "66C/401/III (/#1 at 300 7E2, read at 1200 7E2), stopping at the first answer.\n"
         "Says the settings, protocol, meter type, family and serial, the config lines to\n"
         "keep, or the likely cause and the next step when nothing answers.  Over TCP the\n"
         "bridge owns the settings: one try, and the ser2net line that would set them.\n"
         "Only read requests are sent.  On a terminal a progress line shows each step.\n"
         "\n"
         "  --json         the verdict as one JSON object (docs/identify.md)\n"
         "  --family F     the family, when you know it better than the meter says\n" LINK_OPTS "\n"
         "Example: kmpterm -d /dev/ttyUSB0 identify\n"
         "Exit status: 0 a meter answered, 1 none did or the link failed, 2 usage error.\n"},
        {"loopback",
         "Usage: kmpterm [-d DEV] loopback [--json] [--rounds N]\n"
         "Check a head or USB adapter before blaming the meter: with TX and RX bridged (a\n"
         "jumper, or an IR head facing a white surface) send test patterns at the chosen\n"
         "settings and check that they come back intact and at the speed of the line.\n"
         "Never point it at a meter: the patterns are no KMP requests, but a meter would\n"
         "take them for garbage.\n"
         "\n"
         "  --rounds N     times to send each pattern (default 3)\n"
         "  --json         the result as one JSON object\n" LINK_OPTS "\n"
         "Example: kmpterm -d /dev/ttyUSB0 loopback\n"
         "Exit status: 0 every pattern came back intact, 1 not, 2 usage error.\n"},
        {"help", "Usage: kmpterm help [COMMAND]\n"
                 "The general help, or the help of COMMAND (read, type, serial, probe, scan,\n"
                 "history, events, identify, loopback, decode, profile, ports, terminal).\n"},
};

static const command_help *find(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int app_is_command(const char *name)
{
	/* "terminal" is a help topic: the terminal is kmpterm without a command */
	return name && strcmp(name, "terminal") != 0 && find(name) != NULL;
}

int app_help(FILE *f, const char *command)
{
	if (!command) {
		fputs(general, f);
		return 0;
	}
	const command_help *c = find(command);
	if (!c)
		return -1;
	fputs(c->text, f);
	return 0;
}
