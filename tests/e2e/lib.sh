# lib.sh
