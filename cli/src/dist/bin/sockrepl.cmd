@echo off
rem sockrepl: a remote REPL for the JVM. Runs lib\sockrepl.jar with the java in JAVA_HOME, else the one on PATH.
setlocal
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
"%JAVA%" %SOCKREPL_CLIENT_JAVA_OPTS% -jar "%~dp0..\lib\sockrepl.jar" %*
exit /b %ERRORLEVEL%
