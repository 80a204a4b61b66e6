# SPDX-License-Identifier: GPL-3.0-or-later
# tests/e2e/slurm-local.sh: a single-node Slurm cluster on this machine for
# a test (sourced after lib.sh; scale-slurm.sh). slurm_start starts, in
# $T/slurm, munged (its own key and socket), slurmctld and slurmd (a
# generated slurm.conf: node localhost, partition test, no cgroups, no
# accounting, ports from the process id, loopback only) and waits for the
# node to be idle; SLURM_CONF is exported for sbatch and sinfo. It exits 77
# (skip) with the reason when not root, when slurm-wlm or munge is not
# installed (./quickstart.sh installs them: DEPS), or when a daemon does
# not start (its log printed). slurm_stop kills the daemons it started and
# is set on EXIT with lib.sh's clean-up.

SLURM_PIDS=""
S="$T/slurm"

slurm_skip() {
	echo "SKIP: single-node Slurm: $*"
	exit 77
}

slurm_logs() {
	for f in "$S"/*.log; do
		[ -f "$f" ] || continue
		echo "---- $f"
		tail -n 40 "$f"
	done
}

slurm_stop() {
	for p in $SLURM_PIDS; do kill "$p" 2>/dev/null; done
	for p in $SLURM_PIDS; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill -9 "$p" 2>/dev/null
	done
	SLURM_PIDS=""
}

# slurm_daemon NAME CMD...: CMD in the background (in the foreground of
# its own), its pid kept for slurm_stop
slurm_daemon() {
	name=$1
	shift
	"$@" >"$S/$name.out" 2>&1 &
	SLURM_PIDS="$SLURM_PIDS $!"
}

slurm_start() {
	[ "$(id -u)" = 0 ] || slurm_skip "not root (munged and slurmd run as root here)"
	for c in munged slurmctld slurmd sbatch sinfo scontrol; do
		command -v "$c" >/dev/null 2>&1 ||
			slurm_skip "$c is not installed (apt-get install slurm-wlm munge; ./quickstart.sh does)"
	done
	trap 'slurm_stop; rm -rf "$T"' EXIT
	mkdir -p "$S/state" "$S/spool" "$S/munge"
	chmod 700 "$S/munge"
	head -c 1024 /dev/urandom >"$S/munge/munge.key"
	chmod 400 "$S/munge/munge.key"
	slurm_daemon munged munged --foreground --force --socket="$S/munge/socket" \
		--key-file="$S/munge/munge.key" --pid-file="$S/munge/munged.pid" \
		--log-file="$S/munged.log" --seed-file="$S/munge/seed"
	i=0
	while [ ! -S "$S/munge/socket" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -S "$S/munge/socket" ] || { slurm_logs; cat "$S/munged.out"; slurm_skip "munged did not start"; }

	# Ports of our own, so that two runs (or a system Slurm) do not meet.
	port=$((20000 + ($$ % 10000) * 2))
	export SLURM_CONF="$S/slurm.conf"
	cat >"$SLURM_CONF" <<CONF
ClusterName=mailcase-test
SlurmctldHost=localhost
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$S/munge/socket,cred_expire=5
CredType=cred/munge
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
MailProg=/bin/true
InactiveLimit=0
KillWait=5
MinJobAge=300
NodeName=localhost NodeHostname=localhost CPUs=$(nproc) RealMemory=100 State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
	slurm_daemon slurmctld slurmctld -D -c -f "$SLURM_CONF"
	slurm_daemon slurmd slurmd -D -f "$SLURM_CONF" -N localhost
	i=0
	state=""
	while [ $i -lt 60 ]; do
		state=$(sinfo -h -N -o '%t' 2>/dev/null | head -1)
		[ "$state" = idle ] && break
		for p in $SLURM_PIDS; do kill -0 "$p" 2>/dev/null || state="a daemon exited: $state"; done
		case $state in "a daemon exited"*) break ;; esac
		sleep 0.5
		i=$((i + 1))
	done
	if [ "$state" != idle ]; then
		echo "the node is [$state], not idle (30 s at most)"
		slurm_logs
		for f in "$S"/*.out; do echo "---- $f"; tail -n 20 "$f"; done
		slurm_skip "slurmctld and slurmd did not start"
	fi
	echo "ok: a single-node Slurm cluster is up ($(sinfo --version), ports $port and $((port + 1)))"
}
