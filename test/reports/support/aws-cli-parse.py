"""Runs AWS CLI command lines against a closed loopback port: a line the CLI accepts fails only
when it tries to connect; a line it rejects (unknown option, bad shorthand, wrong type) fails in
parsing first. Reads a JSON array of command lines (`aws …`, as a POSIX shell splits them; a
trailing `# comment` and `> file` are dropped) on stdin, prints a JSON array of
{"accepted": bool, "error": str}. Uses AWS CLI v1 in-process when it imports (one
Python process for every line), else runs the `aws` executable per line (v2)."""
import contextlib, io, json, os, shlex, subprocess, sys

ENDPOINT = ['--endpoint-url', 'http://127.0.0.1:9', '--cli-connect-timeout', '1', '--cli-read-timeout', '1']
CONNECT = 'Could not connect to the endpoint URL'
os.environ.update({'AWS_ACCESS_KEY_ID': 'AKIAIOSFODNN7EXAMPLE', 'AWS_SECRET_ACCESS_KEY': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
                   'AWS_DEFAULT_REGION': 'us-east-1', 'AWS_PAGER': '', 'AWS_MAX_ATTEMPTS': '1', 'AWS_RETRY_MODE': 'standard',
                   'AWS_CONFIG_FILE': os.devnull, 'AWS_SHARED_CREDENTIALS_FILE': os.devnull})

DRIVER = []

def in_process(argv):
    """A fresh fork of one warmed-up driver per line: building the driver is the slow part, and a
    driver reused across lines keeps state from the previous one."""
    from awscli.clidriver import create_clidriver
    if not DRIVER:
        DRIVER.append(create_clidriver())
        DRIVER[0]._get_command_table()
        for service in ('ec2', 'emr'):  # parsed once here, shared by every fork
            DRIVER[0].session.get_service_model(service)
            DRIVER[0].session.create_client(service, region_name='us-east-1', endpoint_url='http://127.0.0.1:9')
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                DRIVER[0].main(argv + ENDPOINT)
            except SystemExit:
                pass
            except Exception as error:  # reported like the CLI would
                err.write(f'{type(error).__name__}: {error}\n')
        with os.fdopen(write, 'w') as pipe:
            pipe.write(err.getvalue())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    os.waitpid(pid, 0)
    return text

def executable(argv):
    result = subprocess.run(['aws', *argv, *ENDPOINT], capture_output=True, text=True, timeout=60)
    return result.stderr

try:
    import awscli.clidriver  # noqa: F401
    run = in_process
except ImportError:
    run = executable

out = []
for line in json.load(sys.stdin):
    words = shlex.split(line, comments=True)
    if '>' in words:
        words = words[:words.index('>')]
    assert words[0] == 'aws', line
    stderr = run(words[1:])
    out.append({'accepted': CONNECT in stderr, 'error': stderr.strip().splitlines()[-1] if stderr.strip() else ''})
print(json.dumps(out))
