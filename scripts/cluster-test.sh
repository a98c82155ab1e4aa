#!/usr/bin/env bash
# Starts N Gongkai processes on one PostgreSQL database, as behind nginx, to try the cluster by hand.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai scripts/cluster-test.sh [N] [FIRST_PORT]
#   … --check   run the smoke check below and stop the processes (exit status = result)
# Processes listen on 127.0.0.1:FIRST_PORT … FIRST_PORT+N-1 (default 2 processes from 3001) and log
# to $TMPDIR/gongkai-cluster/N.log. DATABASE_SCHEMA (optional) puts the tables in their own schema.
# The smoke check signs in on the first process and uses that session on every other one, and asks
# each process's search. Ctrl-C stops every process this script started (and only those).
# The automated version of this (sessions, search within a second, captcha, outbox exactly once,
# jobs once per period) is test/cluster.test.ts.
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
args=()
for a in "$@"; do
  if [ "$a" = "--check" ]; then check=1; else args+=("$a"); fi
done
n=${args[0]:-2}
first=${args[1]:-3001}
[ -n "${DATABASE_URL:-}" ] || { echo "请设置 DATABASE_URL（postgres://…）：多个进程只能共用 PostgreSQL，不能共用内置 SQLite" >&2; exit 2; }
[[ "$n" =~ ^[1-9][0-9]?$ ]] || { echo "进程数应为 1–99（当前为 $n）" >&2; exit 2; }

logs=${TMPDIR:-/tmp}/gongkai-cluster
mkdir -p "$logs"
pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 130' INT TERM

for i in $(seq 0 $((n - 1))); do
  port=$((first + i))
  PORT=$port HOST=127.0.0.1 node --import tsx src/main.ts >"$logs/$((i + 1)).log" 2>&1 &
  pids+=($!)
  echo "进程 $((i + 1))：http://127.0.0.1:$port  （日志 $logs/$((i + 1)).log）"
done

for i in $(seq 0 $((n - 1))); do
  port=$((first + i))
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "${pids[$i]}" 2>/dev/null || { echo "进程 $((i + 1)) 启动失败：" >&2; tail -n 20 "$logs/$((i + 1)).log" >&2; exit 1; }
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "进程 $((i + 1)) 未能在 300 秒内启动" >&2; exit 1; }
done
echo "全部 $n 个进程已启动。"

smoke() {
  local jar csrf status ok=0
  jar=$(mktemp)
  csrf=clustercheck-csrf-token-aaaaaaaaaaaaaaaaaaaa
  csrf=${csrf:0:43}
  status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "gk_csrf=$csrf" \
    --data-urlencode "_csrf=$csrf" --data-urlencode "username=${CHECK_USER:-admin}" --data-urlencode "password=${CHECK_PASSWORD:-demo-password-2026}" \
    "http://127.0.0.1:$first/login")
  if [ "$status" != 303 ]; then echo "✖ 在进程 1 登录失败（HTTP $status；用 CHECK_USER / CHECK_PASSWORD 指定账号）"; ok=1; fi
  for i in $(seq 0 $((n - 1))); do
    port=$((first + i))
    status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -b "gk_csrf=$csrf" "http://127.0.0.1:$port/staff/audit")
    if [ "$status" = 200 ]; then echo "✔ 进程 $((i + 1)) 认得进程 1 的登录会话"; else echo "✖ 进程 $((i + 1)) 不认进程 1 的会话（HTTP $status）"; ok=1; fi
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/search?q=%E7%A3%81%E5%8E%BF")
    if [ "$status" = 200 ]; then echo "✔ 进程 $((i + 1)) 的搜索可用"; else echo "✖ 进程 $((i + 1)) 的搜索出错（HTTP $status）"; ok=1; fi
  done
  rm -f "$jar"
  return $ok
}

if [ "$check" = 1 ]; then
  smoke
  exit $?
fi
smoke || true
echo "按 Ctrl-C 停止全部进程。"
wait
