@echo off
rem nvsgen launcher for Windows, the same file in the source tree (runs cli\target\nvsgen.jar after
rem "mvn package") and in the distribution (runs lib\nvsgen-cli.jar). Works from any folder; needs only
rem a JDK 17+: JAVA_HOME's (refused without bin\java.exe), else the java on PATH.
rem
rem Class-data sharing: on JDK 19+ the JVM makes and refreshes an archive in a per-user cache
rem (NVSGEN_CACHE_DIR, else %LOCALAPPDATA%\nvsgen); older JVMs ignore those flags. Any CDS problem only
rem costs that speed-up, never the run.
setlocal

rem JVM flags for every run: the one line to tune. NVSGEN_JAVA_OPTS adds flags for one run.
set "JVM_FLAGS=-Xshare:auto"

set "NVSGEN_HOME=%~dp0.."
set "JAVA_EXE=java"
if not defined JAVA_HOME goto javafound
rem Two lines, not a block: a JAVA_HOME like C:\Program Files (x86)\... would end a block early.
if exist "%JAVA_HOME%\bin\java.exe" set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA_HOME%\bin\java.exe" goto javafound
echo nvsgen: JAVA_HOME is %JAVA_HOME%, which has no bin\java.exe: point it at a JDK 17 (or newer), or unset it to use the java on PATH 1>&2
exit /b 1
:javafound

set "CDS_FLAGS=-XX:+IgnoreUnrecognizedVMOptions -Xlog:cds=off -Xlog:cds+dynamic=off"

if exist "%NVSGEN_HOME%\lib\nvsgen-cli.jar" goto dist
if exist "%NVSGEN_HOME%\cli\target\nvsgen.jar" goto source
echo nvsgen: "%NVSGEN_HOME%\lib\nvsgen-cli.jar" not found (in the source tree, run: mvn -B -q -DskipTests package) 1>&2
exit /b 1

:source
"%JAVA_EXE%" %JVM_FLAGS% -XX:SharedArchiveFile="%NVSGEN_HOME%\cli\target\nvsgen.jsa" %CDS_FLAGS% %NVSGEN_JAVA_OPTS% -jar "%NVSGEN_HOME%\cli\target\nvsgen.jar" %*
exit /b %ERRORLEVEL%

:dist
set "CACHE=%NVSGEN_CACHE_DIR%"
if not defined CACHE if defined LOCALAPPDATA set "CACHE=%LOCALAPPDATA%\nvsgen"
if not defined CACHE goto nocds
if not exist "%CACHE%\" mkdir "%CACHE%" >nul 2>&1
if not exist "%CACHE%\" goto nocds
"%JAVA_EXE%" %JVM_FLAGS% -XX:SharedArchiveFile="%CACHE%\nvsgen-@project.version@.jsa" -XX:+AutoCreateSharedArchive %CDS_FLAGS% %NVSGEN_JAVA_OPTS% -jar "%NVSGEN_HOME%\lib\nvsgen-cli.jar" %*
exit /b %ERRORLEVEL%

:nocds
"%JAVA_EXE%" %JVM_FLAGS% %NVSGEN_JAVA_OPTS% -jar "%NVSGEN_HOME%\lib\nvsgen-cli.jar" %*
exit /b %ERRORLEVEL%
